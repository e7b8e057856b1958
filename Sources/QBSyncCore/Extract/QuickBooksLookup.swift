/// Which records QuickBooks already has, as the ledger knows it, asked a chunk at a time. The
/// ledger is asked only about entities it holds any object of: on a first sync, none.
struct QuickBooksLookup {
    let ledger: Ledger
    /// The entities with at least one object in QuickBooks (`Ledger.entitiesInQuickBooks`).
    let entities: Set<String>

    /// Those of `refs` that are in QuickBooks.
    func refs(among refs: [OMSRef]) throws -> Set<OMSRef> {
        let asked = Set(refs.filter { entities.contains($0.entity) })
        guard !asked.isEmpty else { return [] }
        let found = try ledger.refsInQuickBooks(among: asked.map(\.description))
        return asked.filter { found.contains($0.description) }
    }

    /// Those of `ids` (of `entity`) that are in QuickBooks.
    func ids(of entity: String, among ids: [Int]) throws -> Set<Int> {
        Set(try refs(among: ids.map { OMSRef(entity, $0) }).map(\.id))
    }
}
