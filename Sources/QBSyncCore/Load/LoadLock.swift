import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one-initiator rule: only one load runs for a QuickBooks company at a time, as the OMS
/// lets only the machine with the accounting link synchronize. The lock is a row in the ledger
/// (`locks`, named `load <realm>`) saying who holds it: user, host, pid, since.
///
/// A crash leaves the row behind. The next load on the same host takes it over when the holder's
/// process is gone (no such pid, or this very process whose holder ended without leaving); a
/// holder on another host cannot be checked from here and keeps the lock until it leaves or an
/// operator takes it over (`qbsync load --take-over-lock`).
public final class LoadLock: @unchecked Sendable {
    let ledger: Ledger
    let name: String
    /// Who holds it now (this load).
    public let holder: LockHolder

    private init(ledger: Ledger, name: String, holder: LockHolder) {
        self.ledger = ledger
        self.name = name
        self.holder = holder
    }

    /// Takes the load lock for `company`, or throws `LoadError.locked` naming who holds it.
    /// `takeOver` takes it from a live-looking holder too (an operator who knows it is gone).
    public static func acquire(
        ledger: Ledger, company: String, run: String?, user: String, logger: Logger, takeOver: Bool = false
    ) throws -> LoadLock {
        let name = "load \(company)"
        let holder = LockHolder(
            token: UUID().uuidString, user: user, host: hostName(), pid: getpid(), runID: run, since: Ledger.now())
        let (kept, replaced) = try LockLiveness.take(name, for: holder, in: ledger, takeOver: takeOver)
        if let kept { throw LoadError.locked(kept, run: run ?? "?") }
        if let replaced {
            logger.warning(
                "took over the load lock from a load that is no longer running",
                metadata: ["previous_holder": "\(replaced)", "forced": "\(takeOver)"])
        }
        return LoadLock(ledger: ledger, name: name, holder: holder)
    }

    /// Leaves the lock (the load ended, well or not).
    public func release() throws {
        abandon()
        try ledger.releaseLock(name, token: holder.token)
    }

    /// Forgets the holding without leaving the row, as a killed process would.
    func abandon() {
        LockLiveness.forget(holder.token)
    }

    /// Whether the holder's process has certainly ended (see `LockLiveness`).
    static func isGone(_ holder: LockHolder) -> Bool { LockLiveness.isGone(holder) }

    /// This machine's name, as the lock records it.
    public static func hostName() -> String { LockLiveness.hostName() }
}
