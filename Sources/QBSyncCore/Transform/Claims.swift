/// Unique names, pseudonyms and document numbers: what a mapper needs from the ledger that the
/// ledger must hand out once. A mapper says what it will ask for (`ClaimRequest`); the transform
/// claims a whole chunk's requests in record order at the chunk's edge (one place that writes to
/// the ledger, in one transaction) and hands each mapper what was claimed for it.
enum ClaimRequest: Sendable, Equatable {
    /// A customer's or an item's unique name, made from `source` (the OMS name).
    case name(namespace: NameSpace, key: ObjectKey, source: String)
    /// A redacted patient's pseudonym, and the unique customer name made from it.
    case pseudonymousName(key: ObjectKey, patientID: Int)
    /// A document number unique among documents of `kind`, made from `base` (the OMS number).
    case docNumber(kind: DocumentKind, key: ObjectKey, base: String)

    /// The ledger's namespaces of unique names.
    enum NameSpace: String, Sendable {
        case customer
        case item
    }
}

/// What the transform claimed for a record's keys.
struct Claims: Sendable, Equatable {
    var names: [ObjectKey: String] = [:]
    var docNumbers: [ObjectKey: String] = [:]

    /// The name claimed for `key`; a mapper that asks for one it did not request is a bug.
    func name(_ key: ObjectKey) throws -> String {
        guard let name = names[key] else { throw ClaimMissing(key: key, what: "name") }
        return name
    }

    func docNumber(_ key: ObjectKey) throws -> String {
        guard let number = docNumbers[key] else { throw ClaimMissing(key: key, what: "document number") }
        return number
    }
}

/// A mapper used a name or number the transform did not claim for it: qbsync's own fault.
struct ClaimMissing: Error, CustomStringConvertible {
    var key: ObjectKey
    var what: String
    var description: String { "internal error: no \(what) was claimed for \(key) before it was mapped; please report this" }
}
