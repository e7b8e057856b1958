import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the holder of a ledger lock (the load lock, the workspace lock) is still there.
///
/// A crash leaves the lock's row behind. On the same host a holder whose pid is not running has
/// certainly ended; so has one of this very process whose holding ended without leaving (a
/// test's simulated crash forgets its token as a killed process's memory would). A holder on
/// another host cannot be checked from here and counts as alive.
enum LockLiveness {
    /// The holdings alive in this process, by token.
    nonisolated(unsafe) private static var alive: Set<String> = []
    private static let aliveLock = NSLock()

    /// Marks a holding of this process as alive.
    static func hold(_ token: String) {
        aliveLock.withLock { _ = alive.insert(token) }
    }

    /// Forgets a holding of this process (left, or abandoned as a killed process would).
    static func forget(_ token: String) {
        aliveLock.withLock { _ = alive.remove(token) }
    }

    /// Takes the lock `name` for `holder` (of this process) unless a live holder has it; a gone
    /// holder's lock, or with `takeOver` anyone's, is taken over. Returns who kept it (nil when
    /// `holder` got it) and whom it replaced.
    static func take(_ name: String, for holder: LockHolder, in ledger: Ledger, takeOver: Bool) throws
        -> (kept: LockHolder?, replaced: LockHolder?)
    {
        // Alive before the row exists, so that another thread of this process never finds the
        // row of a holding it does not know yet and takes it over as left by a crash.
        hold(holder.token)
        var replaced: LockHolder?
        do {
            let kept = try ledger.takeLock(name, for: holder) { current in
                let stale = takeOver || isGone(current)
                replaced = stale ? current : nil
                return stale
            }
            if kept != nil { forget(holder.token) }
            return (kept, kept == nil ? replaced : nil)
        } catch {
            forget(holder.token)
            throw error
        }
    }

    /// Whether the holder's process has certainly ended.
    static func isGone(_ holder: LockHolder) -> Bool {
        guard holder.host == hostName() else { return false }
        if holder.pid == getpid() { return !aliveLock.withLock { alive.contains(holder.token) } }
        return kill(holder.pid, 0) != 0 && errno == ESRCH
    }

    /// This machine's name, as the locks record it.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown-host" }
        return String(cString: buffer)
    }
}
