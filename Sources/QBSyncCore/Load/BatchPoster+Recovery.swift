import Foundation
import QBSyncJSON

/// What the poster does after an answer beyond recording it: a request whose answer a crashed
/// load never recorded is first asked after by QuickBooks's own error recovery, and the items
/// an answer leaves for another step (not run, sent against a stale version, a name taken)
/// are taken that step.
extension BatchPoster {
    /// Requests of `batch` an earlier load sent without recording the answer, asked after
    /// before anything else of the batch is sent or looked up: where QuickBooks kept the
    /// answer (Desktop's status check), it settles their items as it would have then. Returns
    /// what was recorded and the operations it settled; the rest stay uncertain (looked up).
    func recoverLostAnswers(_ remaining: [Entry], batch: String) async throws -> (recorded: RecordedAnswer, settled: Set<String>) {
        var recorded = RecordedAnswer(results: [], notApplied: [], stale: [], nameInUse: [])
        var settled: Set<String> = []
        guard edition.recoversLostAnswers else { return (recorded, settled) }
        let byID = Dictionary(remaining.map { (OperationResult.operationID($0.operation), $0) }, uniquingKeysWith: { first, _ in first })
        for intent in journalState.openIntents where intent.batch == batch {
            let items = intent.items.compactMap { sent in
                byID[sent.operation].map { RequestItem(tag: sent.bId, operation: $0.operation, body: edition.plannedBody(of: $0.operation)) }
            }
            let stem = URL(fileURLWithPath: batch).deletingPathExtension().lastPathComponent + "-a\(intent.attempt)"
            let file = folder.file(.load, "requests/\(stem).\(edition.requestFileExtension)")
            guard !items.isEmpty, let bytes = FileManager.default.contents(atPath: file.path) else { continue }
            let answer: BooksAnswer?
            do {
                answer = try await edition.storedAnswer(to: Array(bytes), run: runID, batch: batch, attempt: intent.attempt)
            } catch let failure as QuickBooksAPIFailure {
                throw LoadError(failure, batch: batch, run: runID)
            }
            try journal.append([
                "event": "status-check", "batch": .string(batch), "request_id": .string(intent.requestID),
                "attempt": .int(intent.attempt), "stored_answer": .bool(answer != nil),
            ])
            guard let answer else {
                logger.info("QuickBooks keeps no answer for a lost request: looking its documents up", metadata: ["batch": "\(batch)"])
                continue
            }
            try FileStore.writeAtomically(answer.bytes, to: folder.file(.load, "responses/\(stem).\(edition.requestFileExtension)"))
            let found = try record(answer, sent: items, batch: batch)
            try journal.append([
                "event": "answer", "batch": .string(batch), "request_id": .string(intent.requestID), "status": .int(answer.status),
                "intuit_tid": answer.trace.map(JSONValue.string) ?? .null, "recovered": true, "results": .array(found.results.map(\.json)),
            ])
            logger.info("lost answer recovered from QuickBooks's stored state", metadata: ["batch": "\(batch)"])
            recorded.results += found.results
            recorded.notApplied += found.notApplied
            recorded.stale += found.stale
            recorded.nameInUse += found.nameInUse
            recorded.invalidReference += found.invalidReference
            settled.formUnion(items.map { OperationResult.operationID($0.operation) })
        }
        return (recorded, settled)
    }

    /// The items `recorded` left for another step, taken it: those QuickBooks did not run go
    /// again (while `mayResend`); a change sent against a stale version token has the object
    /// re-read and goes once more (a second time fails it, `resentOnce` remembers); a create
    /// whose name is taken adopts the object of that name in its own list, or fails naming
    /// the fix. Returns the results settled and the entries to send again.
    func followUp(_ recorded: RecordedAnswer, batch: String, mayResend: Bool, resentOnce: inout Set<String>) async throws
        -> (results: [OperationResult], pending: [Entry])
    {
        var results: [OperationResult] = []
        var pending: [Entry] = []
        for (item, reason) in recorded.notApplied {
            let entry = (bId: item.tag, operation: item.operation)
            if mayResend {
                pending.append(entry)
            } else {
                results.append(failed(entry, batch: batch, code: "not-applied", message: "QuickBooks did not run it: \(reason)"))
            }
        }
        for (item, reason) in recorded.stale {
            let entry = (bId: item.tag, operation: item.operation)
            let id = OperationResult.operationID(item.operation)
            if !resentOnce.contains(id), try await reread(entry) {
                resentOnce.insert(id)
                pending.append(entry)
            } else {
                results.append(failed(entry, batch: batch, code: "3200", message: Self.staleAgain(item.operation, reason: reason)))
            }
        }
        for (item, reason) in recorded.invalidReference {
            let entry = (bId: item.tag, operation: item.operation)
            let id = "reference " + OperationResult.operationID(item.operation)
            if resentOnce.contains(id) {
                results.append(failed(entry, batch: batch, code: "3140", message: Self.referenceAgain(item.operation, reason: reason)))
                continue
            }
            switch try await repairReferences(entry, batch: batch) {
            case .repaired:
                resentOnce.insert(id)
                pending.append(entry)
            case .cannot(let why):
                results.append(failed(entry, batch: batch, code: "3140", message: "\(item.operation.ref): QuickBooks refused it: \(reason). \(why)"))
            }
        }
        for (item, reason) in recorded.nameInUse {
            let entry = (bId: item.tag, operation: item.operation)
            if let adopted = try await adoptTakenName(entry, batch: batch) {
                results.append(adopted)
            } else {
                results.append(failed(entry, batch: batch, code: "3100", message: Self.nameHeldElsewhere(item.operation, reason: reason)))
            }
        }
        return (results, pending)
    }

    /// The object's current version token, read from QuickBooks into the ledger, so the change
    /// is resolved against it when sent again. False when the object is not there to read.
    private func reread(_ entry: Entry) async throws -> Bool {
        guard var known = try ledger.booksObject(entry.operation.key) else { return false }
        let lookup = edition.lookup(entity: entry.operation.entity, id: known.remoteID)
        let found: [String: [RemoteRecord]]
        do {
            found = try await edition.find([lookup])
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: entry.operation.ref, run: runID)
        }
        guard let current = found[lookup.foundKey]?.first, let token = current.versionToken else { return false }
        known.versionToken = token
        try ledger.saveBooksObject(known)
        logger.info("changed in QuickBooks meanwhile: re-read, sending the change once more", metadata: ["ref": "\(entry.operation.ref)"])
        return true
    }

    /// A create refused for its name: the object of that name in the create's own list (found
    /// by the edition's lookup, inactive ones included) is the one qbsync named, so it is adopted
    /// and what depends on it goes on in this run. Nil when the name is held by another list
    /// (a vendor, an employee, an other name) or nothing is found.
    private func adoptTakenName(_ entry: Entry, batch: String) async throws -> OperationResult? {
        guard entry.operation.operation == "create", let lookup = entry.operation.lookup else { return nil }
        let found: [String: [RemoteRecord]]
        do {
            found = try await edition.find([lookup])
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: entry.operation.ref, run: runID)
        }
        guard let object = found[lookup.foundKey]?.first else { return nil }
        let result = try save(object, for: entry, status: "adopted", batch: batch, tid: nil)
        logger.info("name already in QuickBooks: adopted", metadata: ["ref": "\(entry.operation.ref)"])
        return result
    }

    /// Why a change refused for a reference a second time failed, and what to do.
    static func referenceAgain(_ operation: PlannedOperation, reason: String) -> String {
        "\(operation.ref): QuickBooks refused it again for a reference it lacks or holds inactive (\(reason)), after qbsync had made the records it posted active and sent it once more; it is not sent a third time. Reactivate or restore the record QuickBooks names, then 'qbsync retry \(operation.ref)'."
    }

    /// Why a change stale twice failed, and what to do.
    static func staleAgain(_ operation: PlannedOperation, reason: String) -> String {
        "\(operation.ref): QuickBooks refused the change twice because the record changed there meanwhile (\(reason)); qbsync re-read it once and sent the whole change again. Someone may be editing it in QuickBooks now: close it there, then 'qbsync retry \(operation.ref)'."
    }

    /// Why a create whose name another list holds failed, and what to do.
    static func nameHeldElsewhere(_ operation: PlannedOperation, reason: String) -> String {
        let resolution = ErrorCatalogue.desktopEntry(code: "3100", ref: operation.ref)?.resolution ?? "Rename one of them, then 'qbsync retry \(operation.ref)'."
        return "\(operation.ref): its name is already used in QuickBooks by a vendor, employee or other name, not by a \(Edition.desktop.label(operation.entity).lowercased()) (\(reason)). \(resolution)"
    }
}
