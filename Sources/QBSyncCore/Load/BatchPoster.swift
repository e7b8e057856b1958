import Foundation
import Logging
import QBSyncJSON

/// Posts one planned batch exactly once: skips what the ledger already has, adopts what a lookup
/// finds, journals the intent before sending and the answer after, and after an uncertain
/// outcome looks every document up before sending the rest again.
struct BatchPoster {
    let folder: RunFolder
    let journal: LoadJournal
    let ledger: Ledger
    let api: QuickBooksAPI
    let logger: Logger
    let runID: String
    let uncertainAttempts: Int

    typealias Entry = (bId: String, operation: PlannedOperation)

    /// Posts `batch`; returns how many requests went out.
    func post(_ batch: TransformPlan.Batch, resolver: inout PlaceholderResolver, wasUncertain: Bool) async throws -> Int {
        var results: [OperationResult] = []
        var pending: [Entry] = []
        for entry in batch.operations {
            let operation = entry.operation
            if operation.operation == "create", let existing = try ledger.qboObject(operation.key) {
                var result = OperationResult(operation, status: "already", batch: batch.file, bId: entry.bId)
                result.qboID = existing.qboID
                results.append(result)
            } else if operation.operation == "create", operation.adoptExisting || wasUncertain,
                let adopted = try await adopt(entry, batch: batch.file)
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
            for entry in pending {
                switch try await resolver.resolve(entry.operation.body) {
                case .success(let resolved):
                    guard let body = try await settleOpenBalance(resolved) else {
                        var result = OperationResult(entry.operation, status: "nothing-to-apply", batch: batch.file, bId: entry.bId)
                        result.message = "the invoice has no open balance left (or the credit is used up): the credit stays on the customer"
                        results.append(result)
                        continue
                    }
                    items.append([
                        "bId": .string(entry.bId), "operation": .string(entry.operation.operation), entry.operation.entity: body,
                    ])
                    sendable.append(entry)
                case .failure(let unresolved):
                    var result = OperationResult(entry.operation, status: "failed", batch: batch.file, bId: entry.bId)
                    result.code = "dependency-failed"
                    result.message = unresolved.message(for: entry.operation.ref)
                    results.append(result)
                }
            }
            pending = []
            guard !items.isEmpty else { break }
            let body: JSONValue = ["BatchItemRequest": .array(items)]
            let bytes = JSONWriter.prettyData(body)
            let requestID = String(SHA256.hex(Array("\(runID) \(batch.file) ".utf8) + bytes).prefix(32))
            let stem = URL(fileURLWithPath: batch.file).deletingPathExtension().lastPathComponent + "-a\(attempt)"
            try FileStore.writeAtomically(bytes, to: folder.file(.load, "requests/\(stem).json"))
            try journal.append([
                "event": "intent", "batch": .string(batch.file), "request_id": .string(requestID), "attempt": .int(attempt),
                "bIds": .array(sendable.map { .string($0.bId) }),
            ])
            do {
                let exchange = try await api.batch(body, requestID: requestID)
                sent += 1
                try FileStore.writeAtomically(exchange.responseBytes, to: folder.file(.load, "responses/\(stem).json"))
                results += try record(exchange, sent: sendable, batch: batch.file)
                try journal.append([
                    "event": "answer", "batch": .string(batch.file), "request_id": .string(requestID),
                    "status": .int(exchange.status), "intuit_tid": exchange.intuitTID.map(JSONValue.string) ?? .null,
                ])
                try flush(results, batch: batch.file)
                logger.info("batch posted", metadata: ["batch": "\(batch.file)", "intuit_tid": "\(exchange.intuitTID ?? "-")"])
                results = []
            } catch QuickBooksAPIFailure.uncertain(let reason) {
                sent += 1
                try journal.append(["event": "uncertain", "batch": .string(batch.file), "reason": .string(reason)])
                logger.warning("batch outcome uncertain: looking documents up before sending again", metadata: ["batch": "\(batch.file)"])
                guard attempt < uncertainAttempts else { throw LoadError.gaveUp(batch.file, reason) }
                for entry in sendable {
                    if let settled = try await settle(entry, batch: batch.file) { results.append(settled) } else { pending.append(entry) }
                }
            } catch QuickBooksAPIFailure.authorizationNeeded(let reason) {
                try flush(results, batch: batch.file)
                throw LoadError.authorizationNeeded(reason)
            } catch QuickBooksAPIFailure.gaveUp(let reason) {
                try flush(results, batch: batch.file)
                throw LoadError.gaveUp(batch.file, reason)
            } catch QuickBooksAPIFailure.refused(let status, let code, let message) {
                for entry in sendable {
                    var result = OperationResult(entry.operation, status: "failed", batch: batch.file, bId: entry.bId)
                    result.code = code ?? "http-\(status)"
                    result.message = message
                    results.append(result)
                }
            }
        }
        try flush(results, batch: batch.file)
        return sent
    }

    /// Fills `@open-balance` amounts (a credit memo's application) with the smaller of the linked
    /// invoice's open balance and the credit memo's remaining credit, read from QuickBooks now;
    /// nil when that is zero. Bodies without the placeholder pass unchanged.
    private func settleOpenBalance(_ body: JSONValue) async throws -> JSONValue? {
        guard let lines = body["Line"]?.arrayValue,
            lines.contains(where: { $0["Amount"]?.stringValue == OpenBalance.placeholder })
        else { return body }
        var amount = Int.max
        for line in lines {
            guard let link = line["LinkedTxn"]?.arrayValue?.first, let id = link["TxnId"]?.stringValue,
                let type = link["TxnType"]?.stringValue
            else { continue }
            let found = try await lookupAnswer(Lookup(entity: type, field: "Id", value: id)).first
            let open = found?[type == "Invoice" ? "Balance" : "RemainingCredit"]?.centsValue ?? 0
            amount = min(amount, open)
        }
        guard amount != Int.max, amount > 0 else { return nil }
        var settled = body
        settled["Line"] = .array(
            lines.map { line in
                var line = line
                if line["Amount"]?.stringValue == OpenBalance.placeholder { line["Amount"] = .cents(amount) }
                return line
            })
        return settled
    }

    private func flush(_ results: [OperationResult], batch: String) throws {
        guard !results.isEmpty else { return }
        try journal.append(["event": "results", "batch": .string(batch), "results": .array(results.map(\.json))])
    }

    /// Matches the answer to what was sent by `bId` (never by position) and records each success
    /// in the ledger at once, so the next wave can use the new ids.
    private func record(_ exchange: BatchExchange, sent: [Entry], batch: String) throws -> [OperationResult] {
        let answers = exchange.items
        let faults = exchange.itemFaults
        let topFault = QBOFault.topLevel(in: exchange.response)
        return try sent.map { entry in
            var result = OperationResult(entry.operation, status: "failed", batch: batch, bId: entry.bId)
            result.intuitTID = exchange.intuitTID
            guard let answer = answers[entry.bId] else {
                result.code = topFault?.code ?? "no-answer"
                result.message = topFault?.message ?? "QuickBooks answered without this operation (HTTP \(exchange.status))"
                result.detail = topFault?.detail
                return result
            }
            if let fault = faults[entry.bId] {
                result.code = fault.code
                result.message = fault.message
                result.detail = fault.detail
                result.element = fault.element
                return result
            }
            guard let object = answer[entry.operation.entity] else {
                result.code = "no-entity"
                result.message = "QuickBooks's answer has no \(entry.operation.entity)"
                return result
            }
            return try save(object, for: entry, status: Self.pastTense(entry.operation.operation), batch: batch, tid: exchange.intuitTID)
        }
    }

    /// Records a QuickBooks object for an operation in the ledger and returns its result.
    private func save(_ object: JSONValue, for entry: Entry, status: String, batch: String, tid: String?) throws -> OperationResult {
        let operation = entry.operation
        var result = OperationResult(operation, status: status, batch: batch, bId: entry.bId)
        result.intuitTID = tid
        guard let id = object["Id"]?.stringValue else {
            result.status = "failed"
            result.code = "no-id"
            result.message = "QuickBooks's answer has no Id"
            return result
        }
        let gone = operation.operation == "void" || operation.operation == "delete"
        let describesObject = (operation.operation == "create" || operation.operation == "update") && operation.wave != .deactivations
        try ledger.saveQBOObject(
            QBOObject(
                key: operation.key, ref: operation.ref, qboType: operation.entity, qboID: id,
                syncToken: object["SyncToken"]?.stringValue, docNumber: object["DocNumber"]?.stringValue,
                name: object["DisplayName"]?.stringValue ?? object["Name"]?.stringValue, totalCents: object["TotalAmt"]?.centsValue,
                active: !gone && object["Active"]?.boolValue != false, runID: runID,
                fingerprint: describesObject ? operation.fingerprint : nil))
        result.qboID = id
        result.qboTotalCents = object["TotalAmt"]?.centsValue
        return result
    }

    /// Finds a document QuickBooks may already hold (by its lookup) and adopts it.
    private func adopt(_ entry: Entry, batch: String) async throws -> OperationResult? {
        guard let lookup = entry.operation.lookup else { return nil }
        let found = try await lookupAnswer(lookup)
        guard let object = found.first else { return nil }
        return try save(object, for: entry, status: "adopted", batch: batch, tid: nil)
    }

    /// After an uncertain outcome: a create found by its lookup is adopted; an update, void or
    /// delete whose object moved past the SyncToken it was sent with was applied. Anything else
    /// is sent again.
    private func settle(_ entry: Entry, batch: String) async throws -> OperationResult? {
        if entry.operation.operation == "create" { return try await adopt(entry, batch: batch) }
        guard let known = try ledger.qboObject(entry.operation.key) else { return nil }
        let current = try await lookupAnswer(Lookup(entity: entry.operation.entity, field: "Id", value: known.qboID))
        guard let object = current.first, let token = object["SyncToken"]?.stringValue.flatMap(Int.init),
            let sentToken = known.syncToken.flatMap(Int.init), token > sentToken
        else { return nil }
        return try save(object, for: entry, status: Self.pastTense(entry.operation.operation), batch: batch, tid: nil)
    }

    private func lookupAnswer(_ lookup: Lookup) async throws -> [JSONValue] {
        do {
            return try await api.query(lookup.query)
        } catch QuickBooksAPIFailure.authorizationNeeded(let reason) {
            throw LoadError.authorizationNeeded(reason)
        }
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
