import QBSyncJSON

/// How a batch's answers, lookups and adoptions reach the ledger.
extension BatchPoster {
    /// Matches the answer to what was sent by `bId` (never by position) and records each success
    /// in the ledger at once, so the next wave can use the new ids.
    func record(_ exchange: BatchExchange, sent: [Entry], batch: String) throws -> [OperationResult] {
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
            let saved = try save(object, for: entry, status: Self.pastTense(entry.operation.operation), batch: batch, tid: exchange.intuitTID)
            try crashPoints.reach(.afterLedgerSave, batch: batch)
            return saved
        }
    }

    /// Records a QuickBooks object for an operation in the ledger and returns its result.
    func save(_ object: JSONValue, for entry: Entry, status: String, batch: String, tid: String?) throws -> OperationResult {
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
        // A customer made active or inactive around the run's documents says nothing else about it.
        let flagOnly = (operation.body.objectValue.map { Set($0.keys) } ?? []).isSubset(of: ["Id", "SyncToken", "sparse", "Active"])
        let describesObject =
            (operation.operation == "create" || operation.operation == "update") && operation.wave != .deactivations && !flagOnly
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

    /// Looks up, in as few queries as possible, what `entries` may already have made in
    /// QuickBooks: creates by their lookup (shared names always, the rest after an uncertain
    /// outcome), and after an uncertain outcome the objects that updates, voids and deletes change.
    func prefetch(_ entries: [Entry], uncertain: Set<String>, sentTokens: [String: String]) async throws -> [String: [JSONValue]] {
        var lookups: [Lookup] = []
        for (_, operation) in entries {
            let id = OperationResult.operationID(operation)
            if operation.operation == "create" {
                guard operation.adoptExisting || uncertain.contains(id), let lookup = operation.lookup,
                    try ledger.qboObject(operation.key) == nil
                else { continue }
                lookups.append(lookup)
            } else if uncertain.contains(id), sentTokens[id] != nil, let known = try ledger.qboObject(operation.key) {
                lookups.append(Lookup(entity: operation.entity, field: "Id", value: known.qboID))
            }
        }
        guard !lookups.isEmpty else { return [:] }
        do {
            return try await LookupBatch.find(lookups, api: api)
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: entries.first.map { $0.operation.ref } ?? "a batch", run: runID)
        }
    }

    /// Adopts the object a lookup found for a create, when it is ours (a document carries the
    /// private note `qbsync <ref>`; one with another note is somebody else's and is not taken).
    func adopt(_ entry: Entry, found: [String: [JSONValue]], batch: String) throws -> OperationResult? {
        guard let lookup = entry.operation.lookup else { return nil }
        let note = entry.operation.body["PrivateNote"]?.stringValue
        let candidates = (found[LookupBatch.key(lookup)] ?? []).filter { note == nil || $0["PrivateNote"]?.stringValue == note }
        guard let object = candidates.first else { return nil }
        let result = try save(object, for: entry, status: "adopted", batch: batch, tid: nil)
        try crashPoints.reach(.afterAdopt, batch: batch)
        return result
    }

    /// After an uncertain outcome: a create found by its lookup is adopted; an update, void or
    /// delete whose object moved past the SyncToken it was sent with was applied (a delete whose
    /// object is gone, too). Anything else is sent again.
    func settle(_ entry: Entry, sentToken: String?, found: [String: [JSONValue]], batch: String) throws -> OperationResult? {
        let operation = entry.operation
        if operation.operation == "create" { return try adopt(entry, found: found, batch: batch) }
        guard let sent = sentToken.flatMap(Int.init), let known = try ledger.qboObject(operation.key) else { return nil }
        let current = found[LookupBatch.key(Lookup(entity: operation.entity, field: "Id", value: known.qboID))] ?? []
        guard let object = current.first else {
            guard operation.operation == "delete" else { return nil }
            var gone = known
            gone.active = false
            gone.runID = runID
            try ledger.saveQBOObject(gone)
            var result = OperationResult(operation, status: "deleted", batch: batch, bId: entry.bId)
            result.qboID = known.qboID
            return result
        }
        guard let token = object["SyncToken"]?.stringValue.flatMap(Int.init), token > sent else { return nil }
        return try save(object, for: entry, status: Self.pastTense(operation.operation), batch: batch, tid: nil)
    }
}
