import GRDB

extension Ledger {
    /// Every QuickBooks object the ledger records, in one read: what a review needs to name
    /// customers, classes and items, and to tell what is already in QuickBooks.
    public func allQBOObjects() throws -> [QBOObject] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM qbo_objects ORDER BY key").map { row in
                QBOObject(
                    key: row["key"], ref: row["ref"], qboType: row["qbo_type"], qboID: row["qbo_id"], syncToken: row["sync_token"],
                    docNumber: row["doc_number"], name: row["name"], totalCents: row["total_cents"], active: row["active"],
                    runID: row["run_id"])
            }
        }
    }

    /// The unique names given in `namespace` (`customer`, `item`) and what each was made
    /// from, by object key.
    public func names(in namespace: String) throws -> [String: (name: String, source: String)] {
        try read { db in
            var names: [String: (name: String, source: String)] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT key, name, source FROM names WHERE namespace = ?", arguments: [namespace])
            for row in rows { names[row["key"]] = (row["name"], row["source"]) }
            return names
        }
    }

    /// Account names QuickBooks ids were learned for (the load's cache of name lookups).
    public func knownAccountNames() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM qbo_lookups WHERE qbo_type = 'Account'"))
        }
    }
}
