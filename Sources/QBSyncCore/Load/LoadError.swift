import Foundation

/// A load that cannot go on. Nothing it leaves is lost: run the load again once the cause is gone.
public enum LoadError: LocalizedError, Equatable {
    /// QuickBooks needs a (new) login (exit code 3). Each case names the run being loaded, so
    /// that the message gives the command that goes on with it.
    case authorizationNeeded(String, run: String)
    /// A request kept failing for a passing reason; the batch stays pending.
    case gaveUp(String, String, run: String)
    /// Another load holds the company's load lock (exit code 3).
    case locked(LockHolder, run: String)
    /// The preflight could not reach QuickBooks or read the company; nothing was written.
    case preflight(String, run: String)
    /// Something else stopped the load of `run` partway (an unreadable answer, a disk full, the
    /// ledger locked): the cause in words, and the exit status the cause stands for.
    case stopped(String, status: ExitStatus, run: String)

    /// Any other error met while loading `run`, carrying the run so the message says how to go
    /// on with it; the cause keeps its exit status (1 when it says none).
    public init(stopping error: Error, run: String) {
        let command = "qbsync load --run \(run)"
        let reason =
            (error as? RerunnableError)?.errorDescription(rerunning: command)
            ?? (error as? LocalizedError)?.errorDescription ?? "\(error)"
        self = .stopped(reason, status: (error as? ExitStatusError)?.exitStatus ?? .itemsFailed, run: run)
    }

    /// The run the load was of.
    public var run: String {
        switch self {
        case .authorizationNeeded(_, let run), .gaveUp(_, _, let run), .locked(_, let run), .preflight(_, let run),
            .stopped(_, _, let run):
            run
        }
    }

    /// Sorts a QuickBooks failure met at `place` (a batch file, a lookup) of `run` into what stops the load.
    init(_ failure: QuickBooksAPIFailure, batch place: String, run: String) {
        switch failure {
        case .authorizationNeeded(let reason): self = .authorizationNeeded(reason, run: run)
        case .uncertain(let reason), .gaveUp(let reason): self = .gaveUp(place, reason, run: run)
        case .refused(let status, let code, let message):
            self = .gaveUp(
                place, "QuickBooks refused it (HTTP \(status)\(code.map { ", code \($0)" } ?? "")): \(message)", run: run)
        }
    }

    /// True when the load was refused or blocked (exit code 3) rather than failed.
    public var isBlocked: Bool {
        switch self {
        case .authorizationNeeded, .locked: true
        case .stopped(_, let status, _): status == .blocked
        case .gaveUp, .preflight: false
        }
    }

    public var errorDescription: String? {
        switch self {
        case .authorizationNeeded(let reason, let run):
            "QuickBooks login needed (\(reason)): run 'qbsync connect', then 'qbsync load --run \(run)' again; nothing is lost"
        case .gaveUp(let batch, let reason, let run):
            "\(batch) could not be posted (\(reason)); it stays pending: run 'qbsync load --run \(run)' again later"
        case .locked(let holder, let run):
            "another load holds the lock for this QuickBooks company: \(holder). Wait for it to finish. "
                + "A lock left by a load that crashed is taken over by the next load on \(holder.host); "
                + "if you are sure no load is running there, 'qbsync load --run \(run) --take-over-lock' takes it"
        case .preflight(let reason, _):
            "nothing was posted: \(reason)"
        case .stopped(let reason, _, let run):
            "the load of run \(run) stopped partway: \(reason). Nothing it did is lost (the journal and the ledger hold it): "
                + "once the cause is gone, 'qbsync load --run \(run)' goes on where it stopped"
        }
    }
}

extension LoadError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .stopped(_, let status, _) = self { return status }
        return isBlocked ? .blocked : .itemsFailed
    }
}
