import Foundation
import QBSyncJSON

/// One company's books: every stored object by entity and numeric id, the per-entity id
/// sequences, which transactions are void and which ids were deleted. A value type, so a
/// request works on a copy and the server swaps it in only when the request is done.
/// Indexes (names, document numbers, a customer's documents) are rebuilt from the objects and
/// kept in step by `store` and `remove`, the only two ways an object changes.
struct CompanyState {
    /// Identifies one stored object.
    struct Key: Hashable, Comparable {
        var kind: EntityKind
        var id: Int
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind.rawValue, lhs.id) < (rhs.kind.rawValue, rhs.id) }
    }

    /// What an id in a reference points at.
    enum Resolution {
        case active(JSONValue)
        case inactive(JSONValue)
        case deleted
        case missing
    }

    private(set) var objects: [EntityKind: [Int: JSONValue]] = [:]
    var nextId: [EntityKind: Int] = [:]
    private(set) var deleted: [EntityKind: Set<Int>] = [:]
    var voided: [EntityKind: Set<Int>] = [:]
    /// Entity types changed since the last save.
    var dirty: Set<EntityKind> = []
    /// Objects stored or removed since the last save (so only they are re-rendered).
    var changed: Set<Key> = []
    /// During a batch: the first id of each entity created by it. Such objects exist but are
    /// invisible to the batch's own items, as in QuickBooks.
    var invisibleFrom: [EntityKind: Int]?
    /// The company's closing date, if any.
    var bookCloseDate: String?
    /// The clock of the request being served.
    var now = Date()
    /// Read-only entities that are not lists (`CompanyInfo`, `Preferences`), by name, so a
    /// query can reach them too. Built from the configuration, never saved.
    var singletons: [String: JSONValue] = [:]

    private var nameIndex: [EntityKind: [String: Int]] = [:]
    private var docNumberIndex: [EntityKind: [String: Int]] = [:]
    private var documentsByCustomer: [String: Set<Key>] = [:]

    /// The objects of one entity, in id order.
    func all(_ kind: EntityKind) -> [JSONValue] {
        (objects[kind] ?? [:]).sorted { $0.key < $1.key }.filter { isVisible(kind, $0.key) }.map(\.value)
    }

    /// The object with this id, visible or not.
    func object(_ kind: EntityKind, _ id: Int) -> JSONValue? { objects[kind]?[id] }

    func isVisible(_ kind: EntityKind, _ id: Int) -> Bool {
        guard let first = invisibleFrom?[kind] else { return true }
        return id < first
    }

    func isVoid(_ kind: EntityKind, _ id: Int) -> Bool { voided[kind]?.contains(id) ?? false }

    /// What `idText` of `kind` refers to, as seen by the current request.
    func resolve(_ kind: EntityKind, _ idText: String) -> Resolution {
        guard let id = Int(idText), id > 0 else { return .missing }
        if deleted[kind]?.contains(id) == true { return .deleted }
        guard let object = objects[kind]?[id], isVisible(kind, id) else { return .missing }
        return object["Active"]?.boolValue == false ? .inactive(object) : .active(object)
    }

    /// The id holding `name` (case-insensitively) in a name list, if any.
    func idHoldingName(_ kind: EntityKind, _ name: String) -> Int? { nameIndex[kind]?[name.lowercased()] }

    /// The id of the `kind` document numbered `docNumber`, if any.
    func idHoldingDocNumber(_ kind: EntityKind, _ docNumber: String) -> Int? { docNumberIndex[kind]?[docNumber] }

    /// The transactions of one customer.
    func documents(ofCustomer id: String) -> [Key] { (documentsByCustomer[id] ?? []).sorted() }

    /// Hands out the next id of an entity.
    mutating func allocateId(_ kind: EntityKind) -> Int {
        let id = nextId[kind] ?? 1
        nextId[kind] = id + 1
        return id
    }

    /// Stores `object` under its `Id`, keeping the indexes in step.
    mutating func store(_ kind: EntityKind, _ object: JSONValue) {
        guard let id = object["Id"]?.stringValue.flatMap(Int.init) else { preconditionFailure("stored objects have ids") }
        if let old = objects[kind]?[id] { unindex(kind, id, old) }
        objects[kind, default: [:]][id] = object
        index(kind, id, object)
        nextId[kind] = max(nextId[kind] ?? 1, id + 1)
        dirty.insert(kind)
        changed.insert(Key(kind: kind, id: id))
    }

    /// Deletes an object for good; its id stays known as deleted (references to it give 610).
    mutating func remove(_ kind: EntityKind, _ id: Int) {
        guard let old = objects[kind]?[id] else { return }
        unindex(kind, id, old)
        objects[kind]?[id] = nil
        deleted[kind, default: []].insert(id)
        voided[kind]?.remove(id)
        dirty.insert(kind)
        changed.insert(Key(kind: kind, id: id))
    }

    /// Restores the record of a deleted id (used when loading state).
    mutating func markDeleted(_ kind: EntityKind, _ ids: [Int]) { deleted[kind, default: []].formUnion(ids) }

    private mutating func index(_ kind: EntityKind, _ id: Int, _ object: JSONValue) {
        if let name = CompanyState.uniqueName(kind, object) { nameIndex[kind, default: [:]][name.lowercased()] = id }
        if kind.isSalesDocument, let number = object["DocNumber"]?.stringValue {
            docNumberIndex[kind, default: [:]][number] = id
        }
        if let customer = object["CustomerRef"]?["value"]?.stringValue, !kind.isNameList {
            documentsByCustomer[customer, default: []].insert(Key(kind: kind, id: id))
        }
    }

    private mutating func unindex(_ kind: EntityKind, _ id: Int, _ object: JSONValue) {
        if let name = CompanyState.uniqueName(kind, object), nameIndex[kind]?[name.lowercased()] == id {
            nameIndex[kind]?[name.lowercased()] = nil
        }
        if kind.isSalesDocument, let number = object["DocNumber"]?.stringValue, docNumberIndex[kind]?[number] == id {
            docNumberIndex[kind]?[number] = nil
        }
        if let customer = object["CustomerRef"]?["value"]?.stringValue, !kind.isNameList {
            documentsByCustomer[customer]?.remove(Key(kind: kind, id: id))
        }
    }

    /// The name a name list keeps unique: the display name of a customer, the full
    /// (parent-qualified) name of the others.
    static func uniqueName(_ kind: EntityKind, _ object: JSONValue) -> String? {
        guard kind.isNameList else { return nil }
        if kind == .customer { return object["DisplayName"]?.stringValue }
        return object["FullyQualifiedName"]?.stringValue ?? object["Name"]?.stringValue
    }
}

extension CompanyState {
    /// The ids stored for an entity, sorted, visible or not.
    func storedIds(_ kind: EntityKind) -> [Int] { (objects[kind] ?? [:]).keys.sorted() }

    /// The ids deleted from an entity, sorted.
    func deletedIds(_ kind: EntityKind) -> [Int] { (deleted[kind] ?? []).sorted() }
}
