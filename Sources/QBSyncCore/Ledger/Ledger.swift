import Foundation
import GRDB

/// The status ledger: the one owner of `ledger.sqlite` (WAL mode). It holds the extract cursor,
/// the runs, every OMS item's state and history, and the maps from OMS records to QuickBooks
/// (ids and sync tokens, pseudonyms, unique names, document numbers).
public final class Ledger: @unchecked Sendable {
    /// The connection pool; writes are serialized by GRDB.
    let pool: DatabasePool
    /// Where the ledger lives.
    public let url: URL

    /// Opens (creating if needed) the ledger at `url` and runs its migrations.
    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw LedgerError.cannotOpen(url.path, "\(error)")
        }
    }

    /// Named, append-only migrations: a shipped migration is never edited; changes come as new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, pipeline TEXT NOT NULL,
                        created_at TEXT NOT NULL, cursor_from INTEGER NOT NULL, cursor_to INTEGER NOT NULL);
                    CREATE TABLE items (
                        ref TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
                        state TEXT NOT NULL, run_id TEXT, code TEXT, message TEXT, updated_at TEXT NOT NULL);
                    CREATE INDEX items_state ON items(state);
                    CREATE TABLE history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL, run_id TEXT,
                        action TEXT NOT NULL, state TEXT, message TEXT, actor TEXT NOT NULL, at TEXT NOT NULL);
                    CREATE INDEX history_ref ON history(ref);
                    CREATE TABLE qbo_objects (
                        key TEXT PRIMARY KEY, ref TEXT NOT NULL, qbo_type TEXT NOT NULL, qbo_id TEXT NOT NULL,
                        sync_token TEXT, doc_number TEXT, name TEXT, total_cents INTEGER, active INTEGER NOT NULL DEFAULT 1,
                        run_id TEXT, updated_at TEXT NOT NULL);
                    CREATE INDEX qbo_objects_ref ON qbo_objects(ref);
                    CREATE TABLE qbo_lookups (
                        qbo_type TEXT NOT NULL, name TEXT NOT NULL, qbo_id TEXT NOT NULL, updated_at TEXT NOT NULL,
                        PRIMARY KEY (qbo_type, name));
                    CREATE TABLE pseudonyms (
                        patient_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
                    CREATE TABLE names (
                        namespace TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL,
                        PRIMARY KEY (namespace, key));
                    CREATE UNIQUE INDEX names_unique ON names(namespace, name COLLATE NOCASE);
                    CREATE TABLE doc_numbers (
                        doc_type TEXT NOT NULL, key TEXT NOT NULL, doc_number TEXT NOT NULL,
                        PRIMARY KEY (doc_type, key));
                    CREATE UNIQUE INDEX doc_numbers_unique ON doc_numbers(doc_type, doc_number);
                    """)
        }
        return migrator
    }

    /// The highest change_log `seq` taken into a run (0 before the first run).
    public func cursor() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'extract_cursor'") ?? 0
        }
    }

    /// Runs `body` in one write transaction: a bookmark moves only when everything it describes commits.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }

    /// Runs `body` against a consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// The current UTC time as ISO-8601, the way the ledger stores times.
    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// The ledger could not be opened or is not in the state an action needs.
public enum LedgerError: LocalizedError, Equatable {
    case cannotOpen(String, String)
    case unknownRun(String)
    case unknownItem(String)
    case wrongState(String, String, String)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the ledger \(path): \(reason)"
        case .unknownRun(let run): "no run \(run) in the ledger: 'qbsync status' lists the runs"
        case .unknownItem(let ref): "\(ref) is not in the ledger: no run has taken it yet"
        case .wrongState(let ref, let state, let action): "\(ref) is \(state): it cannot be \(action)"
        }
    }
}
