import Foundation

/// QuickBooks Online's throttle, per company: requests a minute, requests a second, batch
/// requests a minute and requests in flight. Sliding windows over the times of the requests it
/// let through (a refused request does not count, so a client that waits recovers).
final class RateLimiter: @unchecked Sendable {
    private struct Window {
        var all: [Double] = []
        var batches: [Double] = []
        var inFlight = 0
    }

    private let limits: SandboxLimits
    private let lock = NSLock()
    private var windows: [String: Window] = [:]
    private let now: () -> Double

    /// A limiter for `limits`; `now` is seconds on a monotonic clock (the system's uptime, which a
    /// wall-clock step cannot move; tests may pass one). A request counts from its arrival (the
    /// moment it is admitted), as QuickBooks counts it.
    init(limits: SandboxLimits, now: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.limits = limits
        self.now = now
    }

    /// Admits one request for `realm` (and counts it) or refuses it. An admitted request must
    /// be followed by `finish(realm:)` when its answer is ready.
    func admit(realm: String, isBatch: Bool) -> Bool {
        guard limits.enabled else { return true }
        let time = now()
        let minute = limits.minuteSeconds
        let second = minute / 60
        lock.lock()
        defer { lock.unlock() }
        var window = windows[realm] ?? Window()
        window.all.removeFirst(window.all.prefix { $0 <= time - minute }.count)
        window.batches.removeFirst(window.batches.prefix { $0 <= time - minute }.count)
        let lastSecond = window.all.reversed().prefix { $0 > time - second }.count
        let refused =
            window.inFlight >= limits.maxConcurrentRequests || window.all.count >= limits.requestsPerMinute
            || lastSecond >= limits.requestsPerSecond || (isBatch && window.batches.count >= limits.batchRequestsPerMinute)
        if !refused {
            window.all.append(time)
            if isBatch { window.batches.append(time) }
            window.inFlight += 1
        }
        windows[realm] = window
        return !refused
    }

    /// Marks an admitted request as answered.
    func finish(realm: String) {
        guard limits.enabled else { return }
        lock.lock()
        windows[realm]?.inFlight -= 1
        lock.unlock()
    }
}
