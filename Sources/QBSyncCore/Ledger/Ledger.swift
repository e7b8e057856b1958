import Foundation
import Synchronization
import GRDB

/// The status ledger: the one owner of `ledger.sqlite` (WAL mode). It holds the extract cursor,
/// the runs, every OMS item's state and history, and the maps from OMS records to QuickBooks
/// (ids and sync tokens, pseudonyms, unique names, document numbers).
public final class Ledger: @unchecked Sendable {
    /// The connection pool; writes are serialized by GRDB.
    let pool: DatabasePool
    /// Where the ledger lives.
    public let url: URL
    /// The transaction `inOneTransaction` holds open, and the thread it belongs to.
    private let session = LockedValue<(thread: pthread_t, database: Database)?>(nil)

    /// Opens (creating if needed) the ledger at `url` and runs its migrations. The ledger maps
    /// pseudonyms back to patients: it and its folder (the workspace) are made owner-only first.
    public init(url: URL) throws {
        self.url = url
        do {
            try Self.protect(url)
        } catch {
            throw LedgerError.cannotOpen(url.path, (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try Self.openPool(url.path, configuration)
            try Self.migrate(pool)
        } catch {
            throw LedgerError.cannotOpen(url.path, "\(error)")
        }
    }

    /// Opens the pool. On a new file, the first connection turns WAL mode on, which takes the
    /// file's exclusive lock; a second process doing the same at that moment gets "database is
    /// locked" at once, since SQLite does not wait on a lock that could deadlock. By the time it
    /// looks again the file is in WAL mode and opening it needs no exclusive lock.
    static func openPool(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                guard attempt < 10 else { throw error }
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            }
        }
    }

    /// Runs the migrations. Two processes opening a new ledger at the same moment (a nightly and
    /// an operator's `qbsync status`) both find it empty and both begin the first migration; the
    /// one that waited for the write lock then fails on a table the other just made ("table meta
    /// already exists"). It looks again and goes on from what the other committed, a few times
    /// before giving up with the error.
    static func migrate(_ pool: DatabasePool) throws {
        var attempt = 0
        while true {
            do {
                return try migrator.migrate(pool)
            } catch {
                attempt += 1
                if (try? pool.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
                guard attempt < 5 else { throw error }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// The workspace 0700 with its `runs/` folder, the ledger file and its `-wal` and `-shm`
    /// files 0600, whatever the umask; looser modes an older qbsync left are tightened. The file
    /// exists 0600 before SQLite opens it, so the journal files it creates take that mode too.
    static func protect(_ url: URL) throws {
        let workspace = url.deletingLastPathComponent()
        try OwnerOnly.directory(workspace)
        try OwnerOnly.tightenIfPresent(workspace.appendingPathComponent("runs"), to: 0o700)
        try OwnerOnly.file(url)
        for suffix in ["-wal", "-shm"] { try OwnerOnly.tightenIfPresent(URL(fileURLWithPath: url.path + suffix)) }
    }

    /// The highest change_log `seq` taken into a run (0 before the first run).
    public func cursor() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'extract_cursor'") ?? 0
        }
    }

    /// Runs `body` in one write transaction: a bookmark moves only when everything it describes commits.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        if let database = sessionDatabase() { return try body(database) }
        return try pool.write(body)
    }

    /// Runs `body` against a consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let database = sessionDatabase() { return try body(database) }
        return try pool.read(body)
    }

    /// Runs `body` as ONE write transaction: every ledger call it makes on this thread joins it.
    /// The transform's many small claims and look-ups (a pseudonym, a name, a document number,
    /// an object per record) then cost one commit, not one each; an error rolls them all back.
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        try pool.write { db in
            session.withLock { $0 = (pthread_self(), db) }
            defer { session.withLock { $0 = nil } }
            return try body()
        }
    }

    private func sessionDatabase() -> Database? {
        session.withLock { current in
            guard let current, pthread_equal(current.thread, pthread_self()) != 0 else { return nil }
            return current.database
        }
    }

    /// The current UTC time as ISO-8601, the way the ledger stores times (`2026-11-21T22:29:51Z`).
    /// The format style gives the same text as `ISO8601DateFormatter` without loading ICU, which
    /// cost milliseconds on every first call.
    static func now() -> String {
        Date().formatted(.iso8601)
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

/// A value behind a lock.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension LedgerError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
