import QBSyncJSON

/// One answer read into results, and the items it says need another step before they are done.
struct RecordedAnswer {
    /// Applied and failed items, recorded.
    var results: [OperationResult]
    /// Not run at all (3231): sent again.
    var notApplied: [(item: RequestItem, reason: String)]
    /// Sent against an out-of-date version token (3200): re-read, then sent once more.
    var stale: [(item: RequestItem, reason: String)]
    /// Creates whose name is taken (3100): adopted when the name is the object's own.
    var nameInUse: [(item: RequestItem, reason: String)]
    /// Refused for a reference missing or inactive (3140): repaired where qbsync may, then sent once more.
    var invalidReference: [(item: RequestItem, reason: String)] = []
}

/// How a batch's answers, lookups and adoptions reach the ledger.
extension BatchPoster {
    /// Matches the answer to what was sent by tag (never by position) and records each success
    /// in the ledger at once, so the next wave can use the new ids. Items QuickBooks says it did
    /// not run come back apart, with the reason, to be sent again.
    func record(_ answer: BooksAnswer, sent: [RequestItem], batch: String) throws -> RecordedAnswer {
        let outcomes = edition.read(answer, for: sent)
        var notApplied: [(item: RequestItem, reason: String)] = []
        var stale: [(item: RequestItem, reason: String)] = []
        var nameInUse: [(item: RequestItem, reason: String)] = []
        var invalidReference: [(item: RequestItem, reason: String)] = []
        let results: [OperationResult] = try sent.compactMap { item in
            let entry = (bId: item.tag, operation: item.operation)
            switch outcomes[item.tag] {
            case .applied(let object):
                let saved = try save(object, for: entry, status: Self.pastTense(item.operation.operation), batch: batch, tid: answer.trace)
                try crashPoints.reach(.afterLedgerSave, batch: batch)
                return saved
            case .notApplied(let reason):
                notApplied.append((item, reason))
                return nil
            case .stale(let reason):
                stale.append((item, reason))
                return nil
            case .nameInUse(let reason):
                nameInUse.append((item, reason))
                return nil
            case .invalidReference(let reason):
                invalidReference.append((item, reason))
                return nil
            case .fault(let fault):
                var result = failed(entry, batch: batch, code: fault.code, message: fault.message)
                result.detail = fault.detail
                result.element = fault.element
                result.intuitTID = answer.trace
                return result
            case nil:
                var result = failed(
                    entry, batch: batch, code: "no-answer", message: "QuickBooks answered without this operation (status \(answer.status))")
                result.intuitTID = answer.trace
                return result
            }
        }
        return RecordedAnswer(
            results: results, notApplied: notApplied, stale: stale, nameInUse: nameInUse, invalidReference: invalidReference)
    }

    /// Records a QuickBooks object for an operation in the ledger and returns its result.
    func save(_ object: RemoteRecord, for entry: Entry, status: String, batch: String, tid: String?) throws -> OperationResult {
        let operation = entry.operation
        var result = OperationResult(operation, status: status, batch: batch, bId: entry.bId)
        result.intuitTID = tid
        let gone = operation.operation == "void" || operation.operation == "delete"
        // A customer made active or inactive around the run's documents says nothing else about it.
        let flagOnly = edition.facts(of: edition.plannedBody(of: operation), entity: operation.entity).onlyActiveFlag
        let describesObject =
            (operation.operation == "create" || operation.operation == "update") && operation.wave != .deactivations && !flagOnly
        try ledger.saveBooksObject(
            BooksObject(
                key: operation.key, ref: operation.ref, type: operation.entity, remoteID: object.id, versionToken: object.versionToken,
                edition: edition.edition, docNumber: object.documentNumber, name: object.name, totalCents: object.totalCents,
                active: !gone && object.active, runID: runID, fingerprint: describesObject ? operation.fingerprint : nil))
        result.qboID = object.id
        result.qboTotalCents = object.totalCents
        return result
    }

    /// Looks up, in as few queries as possible, what `entries` may already have made in
    /// QuickBooks: creates by their lookup (shared names always, the rest after an uncertain
    /// outcome), and after an uncertain outcome the objects that updates, voids and deletes change.
    func prefetch(_ entries: [Entry], uncertain: Set<String>, sentTokens: [String: String]) async throws -> [String: [RemoteRecord]] {
        var lookups: [Lookup] = []
        for (_, operation) in entries {
            let id = OperationResult.operationID(operation)
            if operation.operation == "create" {
                guard operation.adoptExisting || uncertain.contains(id), let lookup = operation.lookup,
                    try ledger.booksObject(operation.key) == nil
                else { continue }
                lookups.append(lookup)
            } else if uncertain.contains(id), sentTokens[id] != nil, let known = try ledger.booksObject(operation.key) {
                lookups.append(edition.lookup(entity: operation.entity, id: known.remoteID))
            }
        }
        guard !lookups.isEmpty else { return [:] }
        do {
            return try await edition.find(lookups)
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: entries.first.map { $0.operation.ref } ?? "a batch", run: runID)
        }
    }

    /// Adopts the object a lookup found for a create, when it is ours (a document carries its
    /// marker, `qbsync <ref>`; one with another marker is somebody else's and is not taken).
    func adopt(_ entry: Entry, found: [String: [RemoteRecord]], batch: String) throws -> OperationResult? {
        guard let lookup = entry.operation.lookup else { return nil }
        let marker = edition.facts(of: edition.plannedBody(of: entry.operation), entity: entry.operation.entity).marker
        let candidates = (found[lookup.foundKey] ?? []).filter { marker == nil || $0.marker == marker }
        guard let object = candidates.first else { return nil }
        let result = try save(object, for: entry, status: "adopted", batch: batch, tid: nil)
        try crashPoints.reach(.afterAdopt, batch: batch)
        return result
    }

    /// After an uncertain outcome: a create found by its lookup is adopted; an update, void or
    /// delete whose object moved past the version token it was sent with was applied (a delete
    /// whose object is gone, too). Anything else is sent again.
    func settle(_ entry: Entry, sentToken: String?, found: [String: [RemoteRecord]], batch: String) throws -> OperationResult? {
        let operation = entry.operation
        if operation.operation == "create" { return try adopt(entry, found: found, batch: batch) }
        guard let sent = sentToken, let known = try ledger.booksObject(operation.key) else { return nil }
        let current = found[edition.lookup(entity: operation.entity, id: known.remoteID).foundKey] ?? []
        guard let object = current.first else {
            guard operation.operation == "delete" else { return nil }
            var gone = known
            gone.active = false
            gone.runID = runID
            try ledger.saveBooksObject(gone)
            var result = OperationResult(operation, status: "deleted", batch: batch, bId: entry.bId)
            result.qboID = known.remoteID
            return result
        }
        guard let token = object.versionToken, edition.versionMoved(token, pastSent: sent) else { return nil }
        return try save(object, for: entry, status: Self.pastTense(operation.operation), batch: batch, tid: nil)
    }
}
