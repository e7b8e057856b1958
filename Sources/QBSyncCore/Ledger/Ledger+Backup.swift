import Foundation
import GRDB

/// What a ledger (or a copy of one) knows, in a line: enough for a person to pick the right copy.
public struct LedgerSummary: Sendable, Equatable {
    /// The newest run it holds, if any.
    public var lastRun: String?
    public var lastRunSeq: Int
    /// The extract cursor.
    public var cursor: Int
    /// How many QuickBooks objects it maps.
    public var objects: Int
}

extension Ledger {
    /// How many rows this ledger's writer connection has changed since it was opened: a command
    /// compares the count at its start and its end to know whether its ledger needs a new copy.
    public func changeCount() -> Int {
        pool.writeWithoutTransaction { db in db.totalChangesCount }
    }

    /// Writes a consistent copy of the ledger to `url` (which must not exist), with SQLite's
    /// `VACUUM INTO`: a snapshot taken inside SQLite, never a copy of a live file and its WAL.
    public func copy(to url: URL) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [url.path])
        }
    }

    /// What this ledger holds.
    public func summary() throws -> LedgerSummary {
        try read(Self.summary)
    }

    /// Replaces everything in this ledger with the copy at `url`, through SQLite's online backup
    /// (page by page, inside one write on this ledger, so a reader sees the old ledger or the new
    /// one, never a mixture). Locks in the copy are dropped: they belonged to processes of the
    /// machine the copy came from. The copy's migrations are brought up to date.
    public func restore(from url: URL) throws {
        let copy = try Self.openCopy(url)
        try copy.backup(to: pool)
        try copy.close()
        try Self.migrator.migrate(pool)
        try pool.write { db in try db.execute(sql: "DELETE FROM locks") }
    }

    /// What the copy at `url` holds, after checking it is a whole qbsync ledger.
    public static func summary(ofCopy url: URL) throws -> LedgerSummary {
        let copy = try openCopy(url)
        defer { try? copy.close() }
        return try copy.read(summary)
    }

    /// Opens a copy read-only and checks it: SQLite's integrity check, and the ledger's own tables.
    private static func openCopy(_ url: URL) throws -> DatabaseQueue {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw LedgerBackupError.notALedger(url.path, "no such file, or not readable")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            let problem: String? = try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard check == ["ok"] else { return "SQLite's integrity check failed: \(check.prefix(3).joined(separator: "; "))" }
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                // A copy made before the map became edition-neutral has `qbo_objects`; opening it migrates it.
                guard tables.isSuperset(of: ["grdb_migrations", "meta", "runs", "items", "pseudonyms"]),
                    tables.contains("books_objects") || tables.contains("qbo_objects")
                else {
                    return "it has no ledger tables"
                }
                return nil
            }
            if let problem {
                try? queue.close()
                throw LedgerBackupError.notALedger(url.path, problem)
            }
            return queue
        } catch let error as LedgerBackupError {
            throw error
        } catch {
            throw LedgerBackupError.notALedger(url.path, LedgerBackups.reason(error))
        }
    }

    private static func summary(_ db: Database) throws -> LedgerSummary {
        let last = try Row.fetchOne(db, sql: "SELECT id, seq FROM runs ORDER BY seq DESC LIMIT 1")
        let cursor = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'extract_cursor'") ?? 0
        // The view of the same name in a migrated ledger, the table in a copy from before.
        let objects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects") ?? 0
        return LedgerSummary(lastRun: last?["id"], lastRunSeq: last?["seq"] ?? 0, cursor: cursor, objects: objects)
    }
}
