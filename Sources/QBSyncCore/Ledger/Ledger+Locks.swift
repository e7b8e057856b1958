import Foundation
import GRDB

/// Who holds a named lock in the ledger.
public struct LockHolder: Sendable, Equatable, CustomStringConvertible {
    /// A random id of this holding (one process may take and leave the same lock many times).
    public var token: String
    public var user: String
    public var host: String
    public var pid: Int32
    public var runID: String?
    /// When it was taken (UTC, ISO 8601).
    public var since: String

    public init(token: String, user: String, host: String, pid: Int32, runID: String?, since: String) {
        self.token = token
        self.user = user
        self.host = host
        self.pid = pid
        self.runID = runID
        self.since = since
    }

    /// `e2e-test on clinic-pc (pid 4242, run 0003-...) since 2026-11-21T02:00:00Z`.
    public var description: String {
        "\(user) on \(host) (pid \(pid)\(runID.map { ", run \($0)" } ?? "")) since \(since)"
    }
}

extension Ledger {
    /// Takes the lock `name` for `holder` unless someone holds it and `isStale` says they are
    /// still there; returns the holder that kept it (nil when `holder` got it). One transaction,
    /// so two processes cannot both take it.
    ///
    /// A live holder is seen with a read first: an extract keeps one write transaction open
    /// while it works, and a second one must be told who holds the lock at once, not wait out
    /// SQLite's busy timeout for a write it would not make.
    public func takeLock(_ name: String, for holder: LockHolder, isStale: (LockHolder) -> Bool) throws -> LockHolder? {
        if let current = try lockHolder(name), !isStale(current) { return current }
        return try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM locks WHERE name = ?", arguments: [name]) {
                let current = Self.lockHolder(row)
                guard isStale(current) else { return current }
                try db.execute(sql: "DELETE FROM locks WHERE name = ?", arguments: [name])
            }
            try db.execute(
                sql: "INSERT INTO locks (name, token, user, host, pid, run_id, since) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [name, holder.token, holder.user, holder.host, holder.pid, holder.runID, holder.since])
            return nil
        }
    }

    /// Leaves the lock `name` if `token` still holds it (a holder taken over meanwhile changes nothing).
    public func releaseLock(_ name: String, token: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM locks WHERE name = ? AND token = ?", arguments: [name, token])
        }
    }

    /// Records the run a holding works on once it is known (an extract takes the lock before
    /// it has a run id), so that whoever finds the lock held is told which run.
    public func recordLockRun(_ name: String, token: String, runID: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE locks SET run_id = ? WHERE name = ? AND token = ?", arguments: [runID, name, token])
        }
    }

    /// Who holds the lock `name`, if anyone (for `status` and error messages).
    public func lockHolder(_ name: String) throws -> LockHolder? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM locks WHERE name = ?", arguments: [name]).map(Self.lockHolder)
        }
    }

    private static func lockHolder(_ row: Row) -> LockHolder {
        LockHolder(
            token: row["token"], user: row["user"], host: row["host"], pid: row["pid"], runID: row["run_id"], since: row["since"])
    }
}
