import GRDB

/// The ledger's objects that qbsync adopted from hand entry at the cutover (`HandEnteredLinker`)
/// hold QuickBooks ids like any other, but they are not qbsync's history with the company.
extension Ledger {
    /// Whether the ledger maps any QuickBooks object qbsync posted (or a reintegration found),
    /// leaving out what it adopted from hand entry: a fresh workspace that only adopted the
    /// bookkeeper's invoices still has no history with the company.
    public func holdsPostedObjects() throws -> Bool {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT 1 FROM books_objects WHERE run_id IS NULL OR run_id != ? LIMIT 1",
                arguments: [HandEnteredLinker.adoptedRunID]) != nil
        }
    }
}
