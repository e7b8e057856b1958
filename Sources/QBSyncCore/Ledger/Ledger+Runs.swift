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
    /// The id the next run will get: its sequence number and the UTC time, sortable as text.
    public func nextRunID(at date: Date = Date()) throws -> (id: String, seq: Int) {
        let seq = try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM runs") ?? 1 }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return (String(format: "%04d", seq) + "-" + formatter.string(from: date), seq)
    }

    /// Records a new run and everything it took, and moves the cursor, in one transaction.
    public func commitExtract(run: RunRecord, refs: [String], actor: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO runs (id, seq, pipeline, created_at, cursor_from, cursor_to) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [run.id, run.seq, run.pipeline, run.createdAt, run.cursorFrom, run.cursorTo])
            try markPending(db, refs: refs, run: run.id, actor: actor)
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('extract_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [String(run.cursorTo)])
        }
    }

    /// Records what a re-extract of an existing run took (the window and cursor stay as they were).
    public func commitReExtract(run: RunRecord, refs: [String], actor: String) throws {
        try write { db in try markPending(db, refs: refs, run: run.id, actor: actor) }
    }

    private func markPending(_ db: Database, refs: [String], run: String, actor: String) throws {
        let now = Ledger.now()
        let upsert = try db.makeStatement(
            sql: """
                INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                VALUES (?, ?, ?, 'pending', ?, NULL, NULL, ?)
                ON CONFLICT(ref) DO UPDATE SET state = 'pending', run_id = excluded.run_id,
                    code = NULL, message = NULL, updated_at = excluded.updated_at
                WHERE items.state NOT IN ('excluded', 'manual')
                """)
        let history = try db.makeStatement(
            sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, ?, 'extracted', 'pending', NULL, ?, ?)")
        for ref in refs {
            let parsed = try OMSRef(parsing: ref)
            try upsert.execute(arguments: [ref, parsed.entity, parsed.id, run, now])
            try history.execute(arguments: [ref, run, actor, now])
        }
    }

    /// The run with this id.
    public func run(_ id: String) throws -> RunRecord {
        guard let run = try read({ db in try Self.fetchRuns(db, sql: "SELECT * FROM runs WHERE id = ?", [id]).first }) else {
            throw LedgerError.unknownRun(id)
        }
        return run
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
