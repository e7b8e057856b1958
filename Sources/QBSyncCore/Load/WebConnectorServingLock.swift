import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// "A `qbsync webconnector` serves this workspace": a row in the ledger's `locks` (named
/// `webconnector`) that the serving process holds while it hands out the workspace's runs. A
/// desktop `qbsync load` that finds it hands its run to that process instead of trying to serve
/// the same endpoint itself, and a second `qbsync webconnector` is refused.
///
/// As with the load lock, a row left by a killed process does not count: on the same host a
/// holder whose pid is gone is ignored and taken over (`LockLiveness`). One held from another
/// host counts as serving until it is left.
public final class WebConnectorServingLock: @unchecked Sendable {
    static let name = "webconnector"

    let ledger: Ledger
    /// The serving process (this one).
    public let holder: LockHolder

    private init(ledger: Ledger, holder: LockHolder) {
        self.ledger = ledger
        self.holder = holder
    }

    /// Marks the workspace as served by this process, or throws `WebConnectorServingError`
    /// naming the live process that serves it already.
    public static func acquire(ledger: Ledger, user: String, logger: Logger) throws -> WebConnectorServingLock {
        let holder = LockHolder(
            token: UUID().uuidString, user: user, host: LockLiveness.hostName(), pid: getpid(), runID: nil, since: Ledger.now())
        let (kept, replaced) = try LockLiveness.take(name, for: holder, in: ledger, takeOver: false)
        if let kept { throw WebConnectorServingError.alreadyServed(kept) }
        if let replaced {
            logger.warning("took over the mark of a qbsync webconnector that is no longer running", metadata: ["previous_holder": "\(replaced)"])
        }
        return WebConnectorServingLock(ledger: ledger, holder: holder)
    }

    /// The serving ended.
    public func release() throws {
        LockLiveness.forget(holder.token)
        try ledger.releaseLock(Self.name, token: holder.token)
    }

    /// The live `qbsync webconnector` serving the workspace of `ledger`, if one does.
    public static func holder(in ledger: Ledger) throws -> LockHolder? {
        try ledger.lockHolder(name).flatMap { LockLiveness.isGone($0) ? nil : $0 }
    }
}

/// Another `qbsync webconnector` serves this workspace (exit code 3): nothing was started.
public enum WebConnectorServingError: LocalizedError, Equatable, ExitStatusError {
    case alreadyServed(LockHolder)

    public var exitStatus: ExitStatus { .blocked }

    public var errorDescription: String? {
        switch self {
        case .alreadyServed(let holder):
            "another qbsync webconnector serves this workspace: \(holder). Nothing was started: that one hands the "
                + "approved runs to the Web Connector. Stop it first to serve from here; one left by a process that "
                + "was killed is ignored on \(holder.host)"
        }
    }
}
