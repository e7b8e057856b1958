import Foundation
import QBSyncJSON

/// A change QuickBooks refused for a reference it lacks or holds inactive (Desktop's 3140):
/// the records the change names that qbsync posted are read again, since a person may have
/// made one inactive or removed it since. One qbsync owns (a patient's customer: its name is
/// qbsync's pseudonym, and the OMS says the patient is in use) is made active again; one it
/// does not own (an item, a class, a payment method or a payer the bookkeeper may keep) is
/// left as the bookkeeper set it, and the item fails with what to do.
extension BatchPoster {
    /// What re-reading a refused change's references came to.
    enum ReferenceRepair {
        /// A record was made active again: the change can go once more.
        case repaired
        /// Nothing qbsync may do; the reason says what a person does.
        case cannot(String)
    }

    /// Re-reads the records `entry`'s change names and repairs what qbsync may.
    func repairReferences(_ entry: Entry, batch: String) async throws -> ReferenceRepair {
        let keys = edition.placeholders(in: edition.plannedBody(of: entry.operation))
            .filter { !$0.hasPrefix("synctoken ") && !$0.hasPrefix("account ") }
        var known: [(object: BooksObject, lookup: Lookup)] = []
        for key in Set(keys).sorted() {
            guard let object = try ledger.booksObject(key) else { continue }
            known.append((object, edition.lookup(entity: object.type, id: object.remoteID)))
        }
        guard !known.isEmpty else {
            return .cannot("It names nothing qbsync posted: check what QuickBooks names (an account or a name in the pipeline file), then 'qbsync retry \(entry.operation.ref)'.")
        }
        let found: [String: [RemoteRecord]]
        do {
            found = try await edition.find(known.map(\.lookup))
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: entry.operation.ref, run: runID)
        }
        var repaired = false
        for (object, lookup) in known {
            let what = "the \(edition.edition.label(object.type).lowercased()) \"\(object.name ?? object.key)\""
            guard let current = found[lookup.foundKey]?.first else {
                // Gone (deleted or merged by a person): the documents posted with it name its
                // old id, so qbsync does not make a second one behind the bookkeeper's back.
                return .cannot(
                    "\(what), which qbsync posted, is no longer in QuickBooks (QuickBooks id \(object.remoteID)): restore it there (undo the deletion or merge), then 'qbsync retry \(entry.operation.ref)'; or 'qbsync manual \(entry.operation.ref)' to enter it by hand.")
            }
            guard !current.active else { continue }
            guard Self.ownsWhenInactive(object), let active = try await reactivate(object, current: current, batch: batch) else {
                return .cannot(
                    "\(what) is inactive in QuickBooks and qbsync does not make it active on its own, as it may be kept that way on purpose: make it active there (Lists, with 'Include inactive'), or map another in the pipeline file, then 'qbsync retry \(entry.operation.ref)'.")
            }
            var saved = object
            saved.versionToken = active.versionToken
            saved.active = true
            try ledger.saveBooksObject(saved)
            try journal.append(["event": "reactivated", "batch": .string(batch), "key": .string(object.key), "for": .string(entry.operation.ref)])
            logger.info("made active again in QuickBooks", metadata: ["key": "\(object.key)", "for": "\(entry.operation.ref)"])
            repaired = true
        }
        return repaired
            ? .repaired
            : .cannot("Every record it names that qbsync posted is in QuickBooks and active: make active the name QuickBooks names (or map another in the pipeline file), then 'qbsync retry \(entry.operation.ref)'.")
    }

    /// Whether qbsync may make `object` active again in QuickBooks: a patient's customer,
    /// whose name is qbsync's own and whose patient the OMS still uses.
    static func ownsWhenInactive(_ object: BooksObject) -> Bool { object.key.hasPrefix("customer patient:") }

    /// Makes `object` active through the edition, as its own request; nil when the edition cannot.
    private func reactivate(_ object: BooksObject, current: RemoteRecord, batch: String) async throws -> RemoteRecord? {
        do {
            return try await edition.reactivate(object, current: current, run: runID, batch: batch)
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: object.ref, run: runID)
        }
    }
}
