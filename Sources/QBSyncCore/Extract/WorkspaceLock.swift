import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One extract at a time in a workspace: `qbsync extract`, `qbsync run` (for the whole run) and
/// `qbsync retry --now` hold it. Two extracts at once would take the same window and write the
/// same run folder; the second is refused at once, naming the first. The lock is a row in the
/// ledger (`locks`, named `workspace`) saying who holds it and, once allocated, for which run.
///
/// As with the load lock, a lock left by a crash is taken over by the next holder on the same
/// host (its pid is gone); one held from another host stays until it is left or someone sure
/// it is not running takes it with `--take-over-lock`.
public final class WorkspaceLock: @unchecked Sendable {
    static let name = "workspace"

    let ledger: Ledger
    /// Who holds it now (this process).
    public private(set) var holder: LockHolder

    private init(ledger: Ledger, holder: LockHolder) {
        self.ledger = ledger
        self.holder = holder
    }

    /// Takes the workspace lock for `command` (`extract`, `run`, `retry --now`), or throws
    /// `WorkspaceLockError.locked` naming who holds it. `run` is the run it works on, when known.
    public static func acquire(
        ledger: Ledger, command: String, run: String? = nil, user: String, logger: Logger, takeOver: Bool = false
    ) throws -> WorkspaceLock {
        let holder = LockHolder(
            token: UUID().uuidString, user: user, host: LockLiveness.hostName(), pid: getpid(), runID: run, since: Ledger.now())
        let (kept, replaced) = try LockLiveness.take(name, for: holder, in: ledger, takeOver: takeOver)
        if let kept { throw WorkspaceLockError.locked(kept, command: command) }
        if let replaced {
            logger.warning(
                "took over the workspace lock from a qbsync that is no longer running",
                metadata: ["previous_holder": "\(replaced)", "forced": "\(takeOver)"])
        }
        return WorkspaceLock(ledger: ledger, holder: holder)
    }

    /// Records the run this holding works on, once its id is allocated.
    public func record(run: String) throws {
        try ledger.recordLockRun(Self.name, token: holder.token, runID: run)
        holder.runID = run
    }

    /// Leaves the lock.
    public func release() throws {
        LockLiveness.forget(holder.token)
        try ledger.releaseLock(Self.name, token: holder.token)
    }

    /// Forgets the holding without leaving the row, as a killed process would.
    func abandon() {
        LockLiveness.forget(holder.token)
    }

    /// Who holds the workspace lock and may still be at work, if anyone (`status` names a run
    /// in progress); a holder certainly gone (its process ended) is not.
    public static func holder(in ledger: Ledger) throws -> LockHolder? {
        try ledger.lockHolder(name).flatMap { LockLiveness.isGone($0) ? nil : $0 }
    }
}

/// Another qbsync holds the workspace (exit code 3): nothing was done.
public enum WorkspaceLockError: LocalizedError, Equatable {
    case locked(LockHolder, command: String)

    public var errorDescription: String? {
        switch self {
        case .locked(let holder, let command):
            "another qbsync extract or run is working in this workspace: \(holder). Nothing was done; "
                + "run '\(command)' again once it has finished. A lock left by one that crashed is taken over "
                + "by the next on \(holder.host); if you are sure none is running there, 'qbsync extract' or 'qbsync run' "
                + "with --take-over-lock takes it"
        }
    }
}

extension WorkspaceLockError: ExitStatusError {
    public var exitStatus: ExitStatus { .blocked }
}
