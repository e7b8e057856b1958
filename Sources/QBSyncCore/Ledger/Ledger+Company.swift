import GRDB

extension Ledger {
    /// Who stated that `company` is new to qbsync (so the check for documents posted before is
    /// not made), and when: "NAME on TIME".
    public func companyStatedNew(_ company: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["company_new " + company])
        }
    }

    /// Records that `person` states `company` is new to qbsync.
    public func stateCompanyNew(_ company: String, by person: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: ["company_new " + company, "\(person) on \(Ledger.now())"])
        }
    }
}
