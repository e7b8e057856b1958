import GRDB

/// What `qbsync reintegrate` writes: the map of what QuickBooks holds, rebuilt from QuickBooks
/// and the OMS, through the same tables the load and the mappers use (no schema of its own).
extension Ledger {
    /// Every object the ledger maps, by key.
    public func allQBOObjects() throws -> [String: QBOObject] {
        let keys = try read { db in try String.fetchAll(db, sql: "SELECT key FROM qbo_objects ORDER BY key") }
        var objects: [String: QBOObject] = [:]
        for key in keys { objects[key] = try qboObject(key) }
        return objects
    }

    /// Keeps `code` as the pseudonym of `patientID` (the one QuickBooks shows). With `replacing`,
    /// a pseudonym minted for the patient by a run that posted nothing gives way, and so does the
    /// same code minted for another patient; without it, a patient that has one keeps it.
    /// Returns false when the code could not be kept.
    @discardableResult
    public func keepPseudonym(_ code: String, patientID: Int, replacing: Bool) throws -> Bool {
        try write { db in
            let current = try String.fetchOne(db, sql: "SELECT code FROM pseudonyms WHERE patient_id = ?", arguments: [patientID])
            if current == code { return true }
            let holder = try Int.fetchOne(db, sql: "SELECT patient_id FROM pseudonyms WHERE code = ?", arguments: [code])
            guard replacing || (current == nil && holder == nil) else { return false }
            try db.execute(sql: "DELETE FROM pseudonyms WHERE patient_id = ? OR code = ?", arguments: [patientID, code])
            try db.execute(
                sql: "INSERT INTO pseudonyms (patient_id, code, created_at) VALUES (?, ?, ?)", arguments: [patientID, code, Ledger.now()])
            return true
        }
    }

    /// Keeps `name` (as QuickBooks shows it) for `key` in `namespace`, made from `source`;
    /// `replacing` as in `keepPseudonym`.
    @discardableResult
    public func keepName(namespace: String, key: String, name: String, source: String, replacing: Bool) throws -> Bool {
        try write { db in
            let current = try Row.fetchOne(db, sql: "SELECT name, source FROM names WHERE namespace = ? AND key = ?", arguments: [namespace, key])
            if (current?["name"] as String?) == name, (current?["source"] as String?) == source { return true }
            let holder = try String.fetchOne(
                db, sql: "SELECT key FROM names WHERE namespace = ? AND name = ? COLLATE NOCASE AND key != ?", arguments: [namespace, name, key])
            guard replacing || (current == nil && holder == nil) else { return false }
            try db.execute(
                sql: "DELETE FROM names WHERE namespace = ? AND (key = ? OR name = ? COLLATE NOCASE)", arguments: [namespace, key, name])
            try db.execute(
                sql: "INSERT INTO names (namespace, key, name, source) VALUES (?, ?, ?, ?)", arguments: [namespace, key, name, source])
            return true
        }
    }

    /// Keeps `number` as the document number of `key`; `replacing` as in `keepPseudonym`.
    @discardableResult
    public func keepDocNumber(docType: String, key: String, number: String, replacing: Bool) throws -> Bool {
        try write { db in
            let current = try String.fetchOne(
                db, sql: "SELECT doc_number FROM doc_numbers WHERE doc_type = ? AND key = ?", arguments: [docType, key])
            if current == number { return true }
            let holder = try String.fetchOne(
                db, sql: "SELECT key FROM doc_numbers WHERE doc_type = ? AND doc_number = ?", arguments: [docType, number])
            guard replacing || (current == nil && holder == nil) else { return false }
            try db.execute(
                sql: "DELETE FROM doc_numbers WHERE doc_type = ? AND (key = ? OR doc_number = ?)", arguments: [docType, key, number])
            try db.execute(
                sql: "INSERT INTO doc_numbers (doc_type, key, doc_number) VALUES (?, ?, ?)", arguments: [docType, key, number])
            return true
        }
    }

    /// Moves the extract cursor forward to `seq` (never back): the next run takes only the
    /// changes after it, besides what is queued.
    public func advanceCursor(to seq: Int) throws {
        try write { db in
            let current = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'extract_cursor'") ?? 0
            guard seq > current else { return }
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('extract_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [String(seq)])
        }
    }

    /// Records the items a reintegration settled: `synced` ones are in QuickBooks as the OMS has
    /// them, `queued` ones (with why) go with the next run. A history line each says so.
    public func recordReintegration(synced: [String], queued: [String: String], actor: String) throws {
        try write { db in
            let now = Ledger.now()
            let upsert = try db.makeStatement(
                sql: """
                    INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?)
                    ON CONFLICT(ref) DO UPDATE SET state = excluded.state, code = excluded.code,
                        message = excluded.message, updated_at = excluded.updated_at
                    """)
            let history = try db.makeStatement(
                sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, NULL, 'reintegrate', ?, ?, ?, ?)")
            let entries = synced.map { ($0, ItemState.synced, nil as String?) } + queued.sorted { $0.key < $1.key }.map { ($0.key, ItemState.queued, $0.value as String?) }
            for (ref, state, reason) in entries {
                let parsed = try OMSRef(parsing: ref)
                try upsert.execute(arguments: [ref, parsed.entity, parsed.id, state.rawValue, nil as String?, reason, now])
                try history.execute(arguments: [ref, state.rawValue, reason ?? "in QuickBooks as the OMS has it", actor, now])
            }
        }
    }

    /// Forgets that a run took `refs` (a run planned before the rebuild, set aside): the ledger
    /// no longer tracks them, and the next run that needs one in QuickBooks takes it. Their
    /// history keeps a line saying so.
    public func release(_ refs: [String], actor: String) throws {
        guard !refs.isEmpty else { return }
        try write { db in
            let now = Ledger.now()
            for ref in refs {
                try db.execute(sql: "DELETE FROM items WHERE ref = ? AND state = 'pending'", arguments: [ref])
                try db.execute(
                    sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, NULL, 'reintegrate', NULL, ?, ?, ?)",
                    arguments: [ref, "not in QuickBooks: the next run that needs it takes it", actor, now])
            }
        }
    }

    /// Who reintegrated this ledger with `company`, and when: "NAME on TIME".
    public func reintegrated(_ company: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["reintegrated " + company]) }
    }

    /// Records that `person` reintegrated this ledger with `company`: loads may go on.
    public func markReintegrated(_ company: String, by person: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: ["reintegrated " + company, "\(person) on \(Ledger.now())"])
        }
    }
}
