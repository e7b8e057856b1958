/// What QuickBooks holds, per the ledger, of one record's own objects (its customer, its
/// invoices, its payment...), read by the transform before the record is mapped and handed to
/// the mapper: a mapper never asks the ledger itself.
struct Holdings: Sendable, Equatable {
    /// One object QuickBooks holds, as far as the mapping needs it.
    struct Held: Sendable, Equatable {
        var key: ObjectKey
        var active: Bool
        /// The fingerprint of what was last posted of it (nil: adopted or imported, never posted).
        var fingerprint: String?
    }

    private var objects: [ObjectKey: Held] = [:]

    init(_ held: [Held] = []) {
        for object in held { objects[object.key] = object }
    }

    /// Nothing in QuickBooks yet.
    static let none = Holdings()

    func object(_ key: ObjectKey) -> Held? { objects[key] }

    /// The active objects of `kind` (a sale's live invoices), in key order.
    func active(_ kind: DocumentKind) -> [Held] {
        objects.values.filter { $0.key.kind == kind && $0.active }.sorted { $0.key < $1.key }
    }

    /// `change` as a create when QuickBooks lacks its object, as a sparse update when it holds
    /// something else, nil when it holds exactly this (`fingerprint` says, in the edition's words).
    func upsert(_ change: PlannedChange, fingerprint: (PlannedChange) -> String) -> PlannedChange? {
        guard let existing = objects[change.key] else { return change }
        if existing.fingerprint == fingerprint(change) { return nil }
        var update = change
        update.operation = .update
        update.adoptExisting = false
        return update
    }
}
