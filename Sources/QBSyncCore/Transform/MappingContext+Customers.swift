import QBSyncJSON

/// Inactive customers and the documents the run carries for them. QuickBooks refuses a document
/// for an inactive customer (610), yet the OMS keeps an inactive or deceased patient's documents
/// (and an inactive payer's): the customer is made active in the names wave, before the
/// documents, and inactive again in the last wave, after them.
extension MappingContext {
    /// A sparse update that makes the customer under `key` active (`true`) or inactive, in the
    /// names wave or the last wave. It changes only the flag, so the ledger keeps the fingerprint
    /// of what was last posted about the customer.
    func activeFlag(_ active: Bool, key: String, ref: String) -> PlannedOperation {
        PlannedOperation(
            key: key, ref: ref, entity: "Customer", operation: "update",
            body: ["Id": Placeholder.id(key), "SyncToken": Placeholder.syncToken(key), "sparse": true, "Active": .bool(active)],
            wave: active ? .names : .deactivations, lookup: nil)
    }

    /// Records that the run posts the customer under `key` in its names wave (active).
    func notePosted(customer key: String) {
        activeInRun.insert(key)
    }

    /// For the customers `operations` post documents for: plans, once per customer and run, the
    /// reactivation and the deactivation after the documents of one the ledger knows inactive
    /// and the run does not post. Returns the OMS refs (`patient:12`) of those it planned.
    func keepActive(for operations: [PlannedOperation]) throws -> [String] {
        // Before the first load no customer is known inactive: a first sync of a million
        // records need not walk every document's references for one.
        guard ledgerHoldsObjects else { return [] }
        var planned: [String] = []
        for operation in operations where operation.entity != "Customer" {
            for key in operation.references where key.hasPrefix("customer ") && !activeInRun.contains(key) {
                guard let existing = try object(key), !existing.active else { continue }
                activeInRun.insert(key)
                let ref = String(key.dropFirst("customer ".count))
                require(activeFlag(true, key: key, ref: ref), as: "reactivate \(key)")
                require(activeFlag(false, key: key, ref: ref), as: "deactivate \(key)")
                planned.append(ref)
            }
        }
        return planned
    }
}
