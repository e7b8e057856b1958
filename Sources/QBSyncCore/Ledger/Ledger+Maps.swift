import Foundation
import GRDB

extension Ledger {
    /// The QuickBooks object recorded under `key`, if any (whichever edition holds it).
    public func booksObject(_ key: String) throws -> BooksObject? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM books_objects WHERE key = ?"), arguments: [key]).map(Self.object)
        }
    }

    /// Every QuickBooks object recorded for one OMS item.
    public func booksObjects(ref: String) throws -> [BooksObject] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM books_objects WHERE ref = ? ORDER BY key"), arguments: [ref]).map(Self.object)
        }
    }

    /// Records (or replaces) what QuickBooks holds under `object.key`.
    public func saveBooksObject(_ object: BooksObject) throws {
        try write { db in
            try db.cachedStatement(sql: """
                    INSERT INTO books_objects (key, ref, edition, type, remote_id, version_token, doc_number, name, total_cents, active, run_id, fingerprint, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET ref = excluded.ref, edition = excluded.edition, type = excluded.type,
                        remote_id = excluded.remote_id, version_token = excluded.version_token,
                        doc_number = COALESCE(excluded.doc_number, books_objects.doc_number),
                        name = COALESCE(excluded.name, books_objects.name), total_cents = excluded.total_cents,
                        active = excluded.active, run_id = excluded.run_id,
                        fingerprint = COALESCE(excluded.fingerprint, books_objects.fingerprint), updated_at = excluded.updated_at
                    """).execute(arguments: [
                    object.key, object.ref, object.edition.rawValue, object.type, object.remoteID, object.versionToken,
                    object.docNumber, object.name, object.totalCents, object.active, object.runID, object.fingerprint, Ledger.now(),
                ])
        }
    }

    private static func object(_ row: Row) -> BooksObject {
        BooksObject(
            key: row["key"], ref: row["ref"], type: row["type"], remoteID: row["remote_id"], versionToken: row["version_token"],
            edition: Edition(rawValue: row["edition"]) ?? .online, docNumber: row["doc_number"], name: row["name"],
            totalCents: row["total_cents"], active: row["active"], runID: row["run_id"], fingerprint: row["fingerprint"])
    }

    /// A QuickBooks id learned by name (accounts, classes, payment methods), cached because
    /// QuickBooks meters queries.
    public func lookup(_ type: String, name: String, edition: Edition = .online) throws -> String? {
        try read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT remote_id FROM books_lookups WHERE edition = ? AND type = ? AND name = ?"),
                arguments: [edition.rawValue, type, name])
        }
    }

    /// Caches a QuickBooks id learned by name.
    public func saveLookup(_ type: String, name: String, id: String, edition: Edition = .online) throws {
        try write { db in
            try db.cachedStatement(sql: """
                    INSERT INTO books_lookups (edition, type, name, remote_id, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(edition, type, name) DO UPDATE SET remote_id = excluded.remote_id, updated_at = excluded.updated_at
                    """).execute(arguments: [edition.rawValue, type, name, id, Ledger.now()])
        }
    }

    /// The patient's pseudonym code (`K7QM-2XH4`), assigned at random the first time and kept
    /// forever: it is derived from nothing about the person (HIPAA Safe Harbor's re-identification code).
    public func pseudonym(patientID: Int) throws -> String {
        try write { db in
            if let code = try String.fetchOne(
                db.cachedStatement(sql: "SELECT code FROM pseudonyms WHERE patient_id = ?"), arguments: [patientID]) {
                return code
            }
            return try Self.newPseudonym(patientID: patientID, db)
        }
    }

    /// A fresh pseudonym for a patient the caller knows has none (`keptPseudonyms` said so in
    /// this transaction): `pseudonym(patientID:)` without asking again.
    func newPseudonym(patientID: Int) throws -> String {
        try write { db in try Self.newPseudonym(patientID: patientID, db) }
    }

    private static func newPseudonym(patientID: Int, _ db: Database) throws -> String {
        while true {
            let code = Pseudonym.randomCode()
            let taken = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM pseudonyms WHERE code = ?"), arguments: [code]) ?? false
            if taken { continue }
            try db.cachedStatement(sql: "INSERT INTO pseudonyms (patient_id, code, created_at) VALUES (?, ?, ?)")
                .execute(arguments: [patientID, code, Ledger.now()])
            return code
        }
    }

    /// The patient a pseudonym code stands for (only inside the clinic: `qbsync show --phi`).
    public func patientID(forPseudonym code: String) throws -> Int? {
        try read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT patient_id FROM pseudonyms WHERE code = ?"), arguments: [code]) }
    }

    /// A name unique within `namespace` (case-insensitively, as QuickBooks compares), kept for
    /// `key` while its `source` text stays the same: `candidates` are tried in order, the first
    /// free one wins. A renamed source gets a fresh name, so renames reach QuickBooks.
    public func uniqueName(namespace: String, key: String, source: String, candidates: (Int) -> String) throws -> String {
        try claim(table: "names", scope: ("namespace", namespace), key: key, valueColumn: "name", source: source, caseInsensitive: true, candidates)
    }

    /// A `DocNumber` unique per document type, kept for `key` once given; `candidates` as in `uniqueName`.
    public func docNumber(docType: String, key: String, candidates: (Int) -> String) throws -> String {
        try claim(table: "doc_numbers", scope: ("doc_type", docType), key: key, valueColumn: "doc_number", source: nil, caseInsensitive: false, candidates)
    }

    /// The value kept for `key` within `scope` (re-claimed when its `source` changed), else the
    /// first free candidate, recorded in the same transaction.
    private func claim(
        table: String, scope: (column: String, value: String), key: String, valueColumn: String, source: String?,
        caseInsensitive: Bool, _ candidates: (Int) -> String
    ) throws -> String {
        try write { db in
            let keyFilter = "\(scope.column) = ? AND key = ?"
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(keyFilter)"), arguments: [scope.value, key]) {
                if source == nil || (row["source"] as String?) == source { return row[valueColumn] }
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(keyFilter)").execute(arguments: [scope.value, key])
            }
            let collate = caseInsensitive ? " COLLATE NOCASE" : ""
            var attempt = 0
            while true {
                let value = candidates(attempt)
                let taken =
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE \(scope.column) = ? AND \(valueColumn) = ?\(collate)"),
                        arguments: [scope.value, value]) ?? false
                if !taken {
                    if let source {
                        try db.cachedStatement(
                            sql: "INSERT INTO \(table) (\(scope.column), key, \(valueColumn), source) VALUES (?, ?, ?, ?)")
                            .execute(arguments: [scope.value, key, value, source])
                    } else {
                        try db.cachedStatement(
                            sql: "INSERT INTO \(table) (\(scope.column), key, \(valueColumn)) VALUES (?, ?, ?)")
                            .execute(arguments: [scope.value, key, value])
                    }
                    return value
                }
                attempt += 1
            }
        }
    }
}

extension Ledger {
    /// Which of `refs` have at least one object in QuickBooks: asked for just those refs, so a
    /// nightly run costs in proportion to what changed, not to the size of the ledger.
    public func refsInQuickBooks(among refs: [String]) throws -> Set<String> {
        var found: Set<String> = []
        try read { db in
            for start in stride(from: 0, to: refs.count, by: 500) {
                let slice = Array(refs[start..<min(start + 500, refs.count)])
                let marks = slice.map { _ in "?" }.joined(separator: ",")
                found.formUnion(
                    try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM books_objects WHERE ref IN (\(marks))", arguments: StatementArguments(slice)))
            }
        }
        return found
    }

    /// The entities with at least one object in QuickBooks. On a first sync there are none, and
    /// the extract then need not ask about each of hundreds of thousands of records.
    public func entitiesInQuickBooks() throws -> Set<String> {
        try read { db in
            var entities: Set<String> = []
            // Refs are `entity:id`, and ';' follows ':': the range holds exactly that entity's refs.
            let probe = try db.makeStatement(sql: "SELECT 1 FROM books_objects WHERE ref >= ? AND ref < ? LIMIT 1")
            for entity in OMSRef.entities where try Int.fetchOne(probe, arguments: [entity + ":", entity + ";"]) != nil {
                entities.insert(entity)
            }
            return entities
        }
    }
}
