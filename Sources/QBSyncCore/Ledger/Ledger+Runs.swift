import Foundation
import GRDB

/// A run as the ledger knows it: its id and the change-feed window it took.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var seq: Int
    public var pipeline: String
    public var createdAt: String
    /// The cursor before the run: changes with `seq` above it were taken.
    public var cursorFrom: Int
    /// The highest `seq` present when the extract began: the run took nothing above it.
    public var cursorTo: Int
}

extension Ledger {
    /// Allocates the id of a new run: its sequence number and the UTC time, sortable as text.
    /// The number is taken in a write transaction and kept in `meta` (`last_run_seq`), so two
    /// extracts never get the same one even in the same second; a run whose extract never
    /// committed leaves its number unused.
    public func nextRunID(at date: Date = Date()) throws -> (id: String, seq: Int) {
        let seq = try write { db -> Int in
            let recorded = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM runs") ?? 0
            let allocated = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_run_seq'").flatMap { Int($0) } ?? 0
            let seq = max(recorded, allocated) + 1
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('last_run_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [String(seq)])
            return seq
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return (String(format: "%04d", seq) + "-" + formatter.string(from: date), seq)
    }

    /// Records a new run and everything it took, and moves the cursor, in one transaction.
    public func commitExtract(run: RunRecord, refs: [OMSRef], actor: String) throws {
        try write { db in
            try insertRun(db, run)
            try markPending(db, refs: refs, run: run.id, actor: actor, at: Ledger.now())
        }
    }

    /// Records what a re-extract of an existing run took (the window and cursor stay as they were).
    public func commitReExtract(run: RunRecord, refs: [OMSRef], actor: String) throws {
        try write { db in try markPending(db, refs: refs, run: run.id, actor: actor, at: Ledger.now()) }
    }

    /// Records a new run and moves the cursor to the end of its window. The extract calls it
    /// inside the one transaction that also records every record the run took
    /// (`markTaken`), so the cursor moves only with them.
    func recordRun(_ run: RunRecord) throws {
        try write { db in try insertRun(db, run) }
    }

    private func insertRun(_ db: Database, _ run: RunRecord) throws {
        try db.execute(
            sql: "INSERT INTO runs (id, seq, pipeline, created_at, cursor_from, cursor_to) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [run.id, run.seq, run.pipeline, run.createdAt, run.cursorFrom, run.cursorTo])
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES ('extract_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [String(run.cursorTo)])
    }

    /// Marks `refs` pending in `run` (unless an operator excluded them or put them on the
    /// manual list), each with an "extracted" history line at `time`.
    func markTaken(_ refs: [OMSRef], run: String, actor: String, at time: String) throws {
        try write { db in try markPending(db, refs: refs, run: run, actor: actor, at: time) }
    }

    /// Marks every ref pending in `run`, with a history line each. A first extract of years of
    /// history takes hundreds of thousands of records, so they go in batches, each one
    /// statement over a JSON array of refs (`json_each`) rather than two statements a record,
    /// and in the order of the ref index, so that each insert lands beside the last one instead
    /// of anywhere in a b-tree far larger than SQLite's page cache.
    private func markPending(_ db: Database, refs: [OMSRef], run: String, actor: String, at now: String) throws {
        let upsert = try db.makeStatement(
            sql: """
                INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                SELECT value, substr(value, 1, instr(value, ':') - 1), CAST(substr(value, instr(value, ':') + 1) AS INTEGER),
                    'pending', ?2, NULL, NULL, ?3
                FROM json_each(?1) WHERE true
                ON CONFLICT(ref) DO UPDATE SET state = 'pending', run_id = excluded.run_id,
                    code = NULL, message = NULL, updated_at = excluded.updated_at
                WHERE items.state NOT IN ('excluded', 'manual')
                """)
        let history = try db.makeStatement(
            sql: """
                INSERT INTO history (ref, run_id, action, state, message, actor, at)
                SELECT value, ?2, 'extracted', 'pending', NULL, ?3, ?4 FROM json_each(?1)
                """)
        let texts = refs.map(\.description).sorted()
        for start in stride(from: 0, to: texts.count, by: 10_000) {
            let batch = Self.jsonArray(texts[start..<min(start + 10_000, texts.count)])
            try upsert.execute(arguments: [batch, run, now])
            try history.execute(arguments: [batch, run, actor, now])
        }
    }

    /// `texts` as a JSON array of strings.
    private static func jsonArray(_ texts: ArraySlice<String>) -> String {
        var json = RowJSONWriter(capacity: texts.count * 20 + 2)
        json.append(ascii: "[")
        for (index, text) in texts.enumerated() {
            if index > 0 { json.append(ascii: ",") }
            json.append(quoted: text)
        }
        json.append(ascii: "]")
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The run with this id.
    public func run(_ id: String) throws -> RunRecord {
        guard let run = try read({ db in try Self.fetchRuns(db, sql: "SELECT * FROM runs WHERE id = ?", [id]).first }) else {
            throw LedgerError.unknownRun(id)
        }
        return run
    }

    /// How many items wait in each run, by run id: taken into it and not yet synced or failed.
    public func pendingCountsByRun() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT run_id, COUNT(*) AS n FROM items WHERE state = 'pending' AND run_id IS NOT NULL GROUP BY run_id")
            {
                counts[row["run_id"]] = row["n"]
            }
            return counts
        }
    }

    /// Every run, oldest first.
    public func runs() throws -> [RunRecord] {
        try read { db in try Self.fetchRuns(db, sql: "SELECT * FROM runs ORDER BY seq", []) }
    }

    /// The newest run, if any.
    public func latestRun() throws -> RunRecord? {
        try read { db in try Self.fetchRuns(db, sql: "SELECT * FROM runs ORDER BY seq DESC LIMIT 1", []).first }
    }

    private static func fetchRuns(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [RunRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            RunRecord(
                id: row["id"], seq: row["seq"], pipeline: row["pipeline"], createdAt: row["created_at"],
                cursorFrom: row["cursor_from"], cursorTo: row["cursor_to"])
        }
    }
}

extension Ledger {
    /// Records who turned PHI redaction off, the first time each person's acknowledgement is
    /// seen; returns the acknowledgement on record ("NAME on TIME").
    @discardableResult
    public func acknowledgeRedactionOff(by person: String) throws -> String {
        try write { db in
            let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'redaction_off'")
            if let current, current.hasPrefix(person + " on ") { return current }
            let value = "\(person) on \(Ledger.now())"
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('redaction_off', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [value])
            return value
        }
    }
}
