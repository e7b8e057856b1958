import GRDB

extension Ledger {
    /// Whether the ledger records any QuickBooks object (none before the first load).
    public func holdsQBOObjects() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM books_objects)") ?? false }
    }

    /// The unique name given `key` (a customer or an item) and what it was made from.
    public func name(key: String) throws -> (name: String, source: String)? {
        try read { db in try Self.name(key: key, db) }
    }

    /// `name(key:)` of each of `keys` (those the ledger names), in one read: a first
    /// synchronization's review asks for a hundred thousand, and a read each cost a transaction each.
    public func names(keys: [String]) throws -> [String: (name: String, source: String)] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var found: [String: (name: String, source: String)] = [:]
            for key in keys where found[key] == nil {
                if let name = try Self.name(key: key, db) { found[key] = name }
            }
            return found
        }
    }

    private static func name(key: String, _ db: Database) throws -> (name: String, source: String)? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT name, source FROM names WHERE namespace IN ('customer', 'item') AND key = ? LIMIT 1"),
            arguments: [key]
        ).map { ($0["name"], $0["source"]) }
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
