import Foundation

/// Decides, request by request, which of the configured `SandboxFaults` strikes, and counts
/// what it did. The accounting API asks it at each step of answering a request: before the
/// token check (expiry), before the throttle, before applying a write, after applying it.
final class FaultInjector: @unchecked Sendable {
    /// What the injector decided for one accounting request.
    struct Request {
        /// The request's number, counted from 1.
        var number: Int
        /// Refuse it with a 429.
        var throttle: Bool
        /// Hold its answer.
        var slow: Bool
    }

    /// What the injector decided for one write.
    enum Write {
        case apply
        case failBeforeApplying
        case dropAfterApplying
    }

    let faults: SandboxFaults
    private let lock = NSLock()
    private var stats = SandboxStatistics()
    private var throttleLeft = 0

    init(faults: SandboxFaults) {
        self.faults = faults
    }

    /// Counts a new accounting request; `expire` is called first when this request is one that
    /// meets expired tokens.
    func request(expire: () -> Void) -> Request {
        lock.lock()
        defer { lock.unlock() }
        stats.requests += 1
        let number = stats.requests
        if Self.hits(faults.expireTokensEvery, number) {
            stats.injectedExpiries += 1
            expire()
        }
        if Self.hits(faults.throttleEvery, number) { throttleLeft = max(1, faults.throttleBurst) }
        let throttle = throttleLeft > 0
        if throttle {
            throttleLeft -= 1
            stats.injectedThrottles += 1
        }
        let slow = !throttle && Self.hits(faults.slowEvery, number)
        if slow { stats.injectedSlowAnswers += 1 }
        return Request(number: number, throttle: throttle, slow: slow)
    }

    /// Counts a write about to be applied and says what becomes of it.
    func write() -> Write {
        lock.lock()
        defer { lock.unlock() }
        stats.writes += 1
        if Self.hits(faults.failBeforeApplyEvery, stats.writes) {
            stats.injectedFailures += 1
            return .failBeforeApplying
        }
        if Self.hits(faults.dropAfterApplyEvery, stats.writes) {
            stats.injectedDrops += 1
            return .dropAfterApplying
        }
        return .apply
    }

    /// Counts a refusal by the sandbox's own rate limiter.
    func throttledByLimits() {
        lock.lock()
        stats.throttledByLimits += 1
        lock.unlock()
    }

    /// The counts so far.
    var statistics: SandboxStatistics {
        lock.lock()
        defer { lock.unlock() }
        return stats
    }

    private static func hits(_ every: Int?, _ number: Int) -> Bool {
        guard let every, every > 0 else { return false }
        return number % every == 0
    }
}
