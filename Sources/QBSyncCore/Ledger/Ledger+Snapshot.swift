import GRDB

extension Ledger {
    /// Whether the ledger records any QuickBooks object (none before the first load).
    public func holdsQBOObjects() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM books_objects)") ?? false }
    }

    /// The unique name given `key` (a customer or an item) and what it was made from.
    public func name(key: String) throws -> (name: String, source: String)? {
        try read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT name, source FROM names WHERE namespace IN ('customer', 'item') AND key = ? LIMIT 1"),
                arguments: [key]
            ).map { ($0["name"], $0["source"]) }
        }
    }

    /// The key of the object QuickBooks knows as `qboID` of `qboType` (an id an accountant typed).
    public func qboObjectKey(qboType: String, qboID: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT key FROM books_objects WHERE type = ? AND remote_id = ? ORDER BY key LIMIT 1"),
                arguments: [qboType, qboID])
        }
    }

    /// Account names QuickBooks ids were learned for (the load's cache of name lookups).
    public func knownAccountNames() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM books_lookups WHERE type = 'Account'"))
        }
    }
}
