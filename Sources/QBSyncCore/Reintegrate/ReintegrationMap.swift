/// What a reintegration learned from QuickBooks and the OMS: the ledger's map of what QuickBooks
/// holds (objects by key, pseudonyms, unique names, document numbers), and what it could not
/// match, what looks duplicated and which OMS records must still be posted.
public struct ReintegrationMap: Sendable {
    /// A unique name the ledger keeps for a key (`names`), as QuickBooks shows it.
    public struct NameClaim: Sendable, Equatable {
        public var namespace: String
        public var key: String
        public var name: String
        /// What the name was made from (a pseudonym's display name, a payer's or item's OMS name);
        /// empty when the OMS's name no longer makes it, so the next run renames it.
        public var source: String
    }

    /// A document number the ledger keeps for a key (`doc_numbers`).
    public struct NumberClaim: Sendable, Equatable {
        public var docType: String
        public var key: String
        public var number: String
    }

    /// Two or more live QuickBooks documents (or customers) for one key: only one is mapped.
    public struct Duplicate: Sendable, Equatable {
        public var key: String
        /// The marker they carry, or how they were found.
        public var marker: String
        public var keptID: String
        public var otherIDs: [String]
    }

    /// A QuickBooks document carrying a qbsync marker that names nothing qbsync could map.
    public struct Unmatched: Sendable, Equatable {
        public var entity: String
        public var id: String
        public var number: String?
        public var marker: String
        public var reason: String
    }

    /// QuickBooks objects by ledger key.
    public var objects: [String: QBOObject] = [:]
    /// Patient id -> the pseudonym code QuickBooks shows.
    public var pseudonyms: [Int: String] = [:]
    public var names: [NameClaim] = []
    public var numbers: [NumberClaim] = []
    public var duplicates: [Duplicate] = []
    public var unmatched: [Unmatched] = []
    /// Customers that look like qbsync's patients (`Patient K7QM-2XH4`) but no document links to
    /// a patient: their pseudonyms cannot be tied back, so they are listed for the accountant.
    public var unlinkedCustomers: [String] = []
    /// OMS records whose current state QuickBooks does not hold, with why: the next run posts them.
    public var queued: [String: String] = [:]

    /// The OMS refs with at least one object in QuickBooks.
    public var recoveredRefs: Set<String> {
        Set(objects.values.map(\.ref).filter { $0 != "shared" && !$0.hasPrefix("location:") })
    }

    /// Maps `object`, unless its key is mapped already.
    mutating func map(_ object: QBOObject) {
        if objects[object.key] == nil { objects[object.key] = object }
    }
}
