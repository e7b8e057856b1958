import Foundation
import Logging
import QBSyncJSON

/// Posts one planned batch exactly once, to whichever QuickBooks `edition` reaches: skips what
/// the ledger already has, adopts what a lookup finds, journals the intent before sending and
/// the answer after, and after an uncertain outcome (in this process or a crashed one) looks
/// every operation up before sending the rest. What it decides is the same for every edition;
/// the edition builds the request, delivers it and reads the answer.
struct BatchPoster {
    let folder: RunFolder
    let journal: LoadJournal
    let ledger: Ledger
    let edition: any BooksEdition
    let logger: Logger
    let runID: String
    let uncertainAttempts: Int
    /// Operations the preflight refused (by key), failed without being sent.
    var refusals: [String: PreflightRefusal] = [:]
    /// What the journal says is done, and what was sent without a known outcome.
    var journalState = LoadJournalState(events: [])
    var crashPoints: LoadCrashPoints = .none

    typealias Entry = (bId: String, operation: PlannedOperation)

    /// Posts `batch`, skipping what the journal says is done and first settling what an earlier
    /// attempt sent without a known outcome. Returns how many requests went out.
    func post(_ batch: TransformPlan.Batch, resolver: inout PlaceholderResolver) async throws -> Int {
        var results: [OperationResult] = []
        var pending: [Entry] = []
        var remaining = batch.operations.filter { !journalState.completed.contains(OperationResult.doneID($0.operation)) }
        // A request an earlier load sent and never heard back from: QuickBooks is asked what it
        // kept (its stored answer) before anything is looked up or sent again.
        var resentOnce: Set<String> = []
        let recovered = try await recoverLostAnswers(remaining, batch: batch.file)
        if !recovered.settled.isEmpty {
            let next = try await followUp(recovered.recorded, batch: batch.file, mayResend: true, resentOnce: &resentOnce)
            // The recovered results are journaled with the stored answer; what followed is not yet.
            results += next.results
            pending += next.pending
            remaining.removeAll { recovered.settled.contains(OperationResult.operationID($0.operation)) }
        }
        let uncertain = Set(remaining.map { OperationResult.operationID($0.operation) }).intersection(journalState.uncertain)
        let found = try await prefetch(remaining, uncertain: uncertain, sentTokens: journalState.sentTokens)
        for entry in remaining {
            let operation = entry.operation
            let id = OperationResult.operationID(operation)
            if operation.operation == "create", let existing = try ledger.booksObject(operation.key) {
                var result = OperationResult(operation, status: "already", batch: batch.file, bId: entry.bId)
                result.qboID = existing.remoteID
                results.append(result)
            } else if uncertain.contains(id),
                let settled = try settle(entry, sentToken: journalState.sentTokens[id], found: found, batch: batch.file)
            {
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
        var attempt = attemptsOnDisk(batch.file)
        var tries = 0
        var sent = 0
        while !pending.isEmpty {
            attempt += 1
            tries += 1
            var sendable: [RequestItem] = []
            var tokens: [String: JSONValue] = [:]
            // Why a payment applies less than planned, by bId, for its result.
            var notes: [String: String] = [:]
            var resolved: [RequestItem] = []
            for entry in pending {
                switch try await resolver.resolve(edition.plannedBody(of: entry.operation)) {
                case .success(let body):
                    resolved.append(RequestItem(tag: entry.bId, operation: entry.operation, body: body))
                case .failure(let unresolved):
                    results.append(
                        failed(entry, batch: batch.file, code: "dependency-failed", message: unresolved.message(for: entry.operation.ref)))
                }
            }
            for prepared in try await edition.prepare(resolved, batch: batch.file, run: runID) {
                let operation = prepared.item.operation
                guard let body = prepared.body else {
                    var result = OperationResult(operation, status: "nothing-to-apply", batch: batch.file, bId: prepared.item.tag)
                    result.message = "the invoice has no open balance left (or the credit is used up): the credit stays on the customer"
                    results.append(result)
                    continue
                }
                if prepared.unappliedCents > 0 { notes[prepared.item.tag] = Self.unappliedNote(prepared.unappliedCents) }
                sendable.append(RequestItem(tag: prepared.item.tag, operation: operation, body: body))
                if let token = edition.facts(of: body, entity: operation.entity).versionToken {
                    tokens[OperationResult.operationID(operation)] = .string(token)
                }
            }
            pending = []
            guard !sendable.isEmpty else { break }
            let request = try edition.request(for: sendable, run: runID, batch: batch.file, attempt: attempt)
            let requestID = String(SHA256.hex(Array("\(runID) \(batch.file) ".utf8) + request.bytes).prefix(32))
            let stem = URL(fileURLWithPath: batch.file).deletingPathExtension().lastPathComponent + "-a\(attempt)"
            let fileExtension = edition.requestFileExtension
            try FileStore.writeAtomically(request.bytes, to: folder.file(.load, "requests/\(stem).\(fileExtension)"))
            try crashPoints.reach(.beforeIntent, batch: batch.file)
            try journal.append([
                "event": "intent", "batch": .string(batch.file), "request_id": .string(requestID), "attempt": .int(attempt),
                "bIds": .array(sendable.map { .string($0.tag) }),
                "operations": .array(sendable.map { .string(OperationResult.operationID($0.operation)) }), "sync_tokens": .object(tokens),
            ])
            try crashPoints.reach(.afterIntent, batch: batch.file)
            do {
                let answer = try await edition.deliver(request, requestID: requestID)
                sent += 1
                try crashPoints.reach(.afterSend, batch: batch.file)
                try FileStore.writeAtomically(answer.bytes, to: folder.file(.load, "responses/\(stem).\(fileExtension)"))
                let recorded = try record(answer, sent: sendable, batch: batch.file)
                results += recorded.results.map { result in
                    guard !result.failed, let note = result.bId.flatMap({ notes[$0] }) else { return result }
                    var noted = result
                    noted.message = note
                    logger.info("payment applied in part", metadata: ["ref": "\(result.ref)", "note": "\(note)"])
                    return noted
                }
                try crashPoints.reach(.afterLedger, batch: batch.file)
                try journal.append([
                    "event": "answer", "batch": .string(batch.file), "request_id": .string(requestID),
                    "status": .int(answer.status), "intuit_tid": answer.trace.map(JSONValue.string) ?? .null,
                    "results": .array(results.map(\.json)),
                ])
                try crashPoints.reach(.afterAnswer, batch: batch.file)
                logger.info("batch posted", metadata: ["batch": "\(batch.file)", "intuit_tid": "\(answer.trace ?? "-")"])
                results = []
                // QuickBooks ran none of these (Desktop stops a message set at its first error):
                // sent again in a request of their own, as often as an uncertain outcome is.
                // A stale version is re-read and sent once more; a taken name is adopted or fails.
                let next = try await followUp(recorded, batch: batch.file, mayResend: tries < uncertainAttempts, resentOnce: &resentOnce)
                results += next.results
                pending += next.pending
            } catch QuickBooksAPIFailure.uncertain(let reason) {
                sent += 1
                try journal.append([
                    "event": "uncertain", "batch": .string(batch.file), "request_id": .string(requestID), "reason": .string(reason),
                ])
                logger.warning("batch outcome uncertain: looking documents up before sending again", metadata: ["batch": "\(batch.file)"])
                guard tries < uncertainAttempts else { throw LoadError.gaveUp(batch.file, reason, run: runID) }
                let sentTokens = tokens.compactMapValues(\.stringValue)
                let sentEntries = sendable.map { (bId: $0.tag, operation: $0.operation) }
                let found = try await prefetch(
                    sentEntries, uncertain: Set(sendable.map { OperationResult.operationID($0.operation) }), sentTokens: sentTokens)
                for entry in sentEntries {
                    let id = OperationResult.operationID(entry.operation)
                    if let settled = try settle(entry, sentToken: sentTokens[id], found: found, batch: batch.file) {
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
                    throw LoadError(failure, batch: batch.file, run: runID)
                }
                for item in sendable {
                    results.append(
                        failed((item.tag, item.operation), batch: batch.file, code: code ?? "http-\(status)", message: message))
                }
            }
        }
        let didWork = sent > 0 || !results.isEmpty
        try flush(results, batch: batch.file)
        if didWork { try crashPoints.reach(.afterBatch, batch: batch.file) }
        return sent
    }

    /// Why a posted payment or credit applies less than planned: the documents it links to had
    /// no more open (the OMS settled the sale more than fully).
    static func unappliedNote(_ cents: Int) -> String {
        "\(Money.decimalString(cents: cents)) of it was not applied: the invoice had no more open balance (the OMS settles the sale more than fully), so it stays a credit on the customer"
    }

    /// How many attempts of `batch` an earlier load of the run left in `3-load/requests/`: new
    /// ones are numbered after them, so the exact bytes of every attempt are kept.
    private func attemptsOnDisk(_ batch: String) -> Int {
        let stem = URL(fileURLWithPath: batch).deletingPathExtension().lastPathComponent + "-a"
        let suffix = "." + edition.requestFileExtension
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.file(.load, "requests").path)) ?? []
        return names.filter { $0.hasPrefix(stem) && $0.hasSuffix(suffix) }
            .compactMap { Int($0.dropFirst(stem.count).dropLast(suffix.count)) }.max() ?? 0
    }

    private func flush(_ results: [OperationResult], batch: String) throws {
        guard !results.isEmpty else { return }
        try journal.append(["event": "results", "batch": .string(batch), "results": .array(results.map(\.json))])
    }

    func failed(_ entry: Entry, batch: String, code: String?, message: String?) -> OperationResult {
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
