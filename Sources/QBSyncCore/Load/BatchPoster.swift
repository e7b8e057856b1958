import Foundation
import Logging
import QBSyncJSON

/// Posts one planned batch exactly once: skips what the ledger already has, adopts what a lookup
/// finds, journals the intent before sending and the answer after, and after an uncertain
/// outcome (in this process or a crashed one) looks every operation up before sending the rest.
struct BatchPoster {
    let folder: RunFolder
    let journal: LoadJournal
    let ledger: Ledger
    let api: QuickBooksAPI
    let logger: Logger
    let runID: String
    let uncertainAttempts: Int
    /// Operations the preflight refused (by key), failed without being sent.
    var refusals: [String: PreflightRefusal] = [:]
    /// What the journal says is done already (`LoadJournalState.completed`).
    var completed: Set<String> = []
    var crashPoints: LoadCrashPoints = .none

    typealias Entry = (bId: String, operation: PlannedOperation)

    /// Posts `batch`; `sentBefore` holds, when an earlier attempt's outcome is unknown, the
    /// SyncToken each of its changes was sent with (by bId). Returns how many requests went out.
    func post(_ batch: TransformPlan.Batch, resolver: inout PlaceholderResolver, sentBefore: [String: String]?) async throws -> Int {
        var results: [OperationResult] = []
        var pending: [Entry] = []
        let remaining = batch.operations.filter {
            !completed.contains(OperationResult.planID(batch: batch.file, bId: $0.bId, key: $0.operation.key))
        }
        let found = try await prefetch(remaining, uncertain: sentBefore)
        for entry in remaining {
            let operation = entry.operation
            if operation.operation == "create", let existing = try ledger.qboObject(operation.key) {
                var result = OperationResult(operation, status: "already", batch: batch.file, bId: entry.bId)
                result.qboID = existing.qboID
                results.append(result)
            } else if let sentBefore, let settled = try settle(entry, sentToken: sentBefore[entry.bId], found: found, batch: batch.file) {
                results.append(settled)
            } else if let refusal = refusals[operation.key] {
                results.append(failed(entry, batch: batch.file, code: refusal.code, message: refusal.message))
            } else if operation.operation == "create", operation.adoptExisting,
                let adopted = try adopt(entry, found: found, batch: batch.file)
            {
                results.append(adopted)
            } else {
                pending.append(entry)
            }
        }
        var attempt = 0
        var sent = 0
        while !pending.isEmpty {
            attempt += 1
            var items: [JSONValue] = []
            var sendable: [Entry] = []
            var tokens: [String: JSONValue] = [:]
            for entry in pending {
                switch try await resolver.resolve(entry.operation.body) {
                case .success(let body):
                    items.append([
                        "bId": .string(entry.bId), "operation": .string(entry.operation.operation), entry.operation.entity: body,
                    ])
                    sendable.append(entry)
                    if let token = body["SyncToken"]?.stringValue { tokens[entry.bId] = .string(token) }
                case .failure(let unresolved):
                    results.append(
                        failed(entry, batch: batch.file, code: "dependency-failed", message: unresolved.message(for: entry.operation.ref)))
                }
            }
            pending = []
            guard !items.isEmpty else { break }
            let body: JSONValue = ["BatchItemRequest": .array(items)]
            let bytes = JSONWriter.prettyData(body)
            let requestID = String(SHA256.hex(Array("\(runID) \(batch.file) ".utf8) + bytes).prefix(32))
            let stem = URL(fileURLWithPath: batch.file).deletingPathExtension().lastPathComponent + "-a\(attempt)"
            try FileStore.writeAtomically(bytes, to: folder.file(.load, "requests/\(stem).json"))
            try crashPoints.reach(.beforeIntent, batch: batch.file)
            try journal.append([
                "event": "intent", "batch": .string(batch.file), "request_id": .string(requestID), "attempt": .int(attempt),
                "bIds": .array(sendable.map { .string($0.bId) }), "sync_tokens": .object(tokens),
            ])
            try crashPoints.reach(.afterIntent, batch: batch.file)
            do {
                let exchange = try await api.batch(body, requestID: requestID)
                sent += 1
                try crashPoints.reach(.afterSend, batch: batch.file)
                try FileStore.writeAtomically(exchange.responseBytes, to: folder.file(.load, "responses/\(stem).json"))
                results += try record(exchange, sent: sendable, batch: batch.file)
                try crashPoints.reach(.afterLedger, batch: batch.file)
                try journal.append([
                    "event": "answer", "batch": .string(batch.file), "request_id": .string(requestID),
                    "status": .int(exchange.status), "intuit_tid": exchange.intuitTID.map(JSONValue.string) ?? .null,
                    "results": .array(results.map(\.json)),
                ])
                try crashPoints.reach(.afterAnswer, batch: batch.file)
                logger.info("batch posted", metadata: ["batch": "\(batch.file)", "intuit_tid": "\(exchange.intuitTID ?? "-")"])
                results = []
            } catch QuickBooksAPIFailure.uncertain(let reason) {
                sent += 1
                try journal.append(["event": "uncertain", "batch": .string(batch.file), "reason": .string(reason)])
                logger.warning("batch outcome uncertain: looking documents up before sending again", metadata: ["batch": "\(batch.file)"])
                guard attempt < uncertainAttempts else { throw LoadError.gaveUp(batch.file, reason) }
                let sentTokens = tokens.compactMapValues(\.stringValue)
                let found = try await prefetch(sendable, uncertain: sentTokens)
                for entry in sendable {
                    if let settled = try settle(entry, sentToken: sentTokens[entry.bId], found: found, batch: batch.file) {
                        results.append(settled)
                    } else {
                        pending.append(entry)
                    }
                }
            } catch let failure as QuickBooksAPIFailure {
                // Refused, given up or unauthorized: provably not applied.
                try journal.append(["event": "not-applied", "batch": .string(batch.file), "request_id": .string(requestID)])
                guard case .refused(let status, let code, let message) = failure else {
                    try flush(results, batch: batch.file)
                    throw LoadError(failure, batch: batch.file)
                }
                for entry in sendable {
                    results.append(failed(entry, batch: batch.file, code: code ?? "http-\(status)", message: message))
                }
            }
        }
        let didWork = sent > 0 || !results.isEmpty
        try flush(results, batch: batch.file)
        if didWork { try crashPoints.reach(.afterBatch, batch: batch.file) }
        return sent
    }

    private func flush(_ results: [OperationResult], batch: String) throws {
        guard !results.isEmpty else { return }
        try journal.append(["event": "results", "batch": .string(batch), "results": .array(results.map(\.json))])
    }

    private func failed(_ entry: Entry, batch: String, code: String, message: String) -> OperationResult {
        var result = OperationResult(entry.operation, status: "failed", batch: batch, bId: entry.bId)
        result.code = code
        result.message = message
        return result
    }

    static func pastTense(_ operation: String) -> String {
        switch operation {
        case "create": "created"
        case "update": "updated"
        case "void": "voided"
        case "delete": "deleted"
        default: operation
        }
    }
}
