import Foundation

/// Keeps the requests to one QuickBooks company under its limits, so that a normal run is never
/// throttled: it waits before a request that would go over, instead of letting QuickBooks answer
/// 429 and cost a minute.
///
/// Starts are counted in sliding windows (a second and a minute, each stretched by `margin` to
/// absorb the difference between our clock and the arrival at Intuit). Share one pacer between all
/// clients that talk to the same company.
public actor RequestPacer {
    /// The limits a pacer keeps under.
    public struct Limits: Sendable, Equatable {
        /// Requests of any kind a minute.
        public var requestsPerMinute: Int
        /// Requests of any kind a second.
        public var requestsPerSecond: Int
        /// Batch requests a minute.
        public var batchRequestsPerMinute: Int
        /// Requests in flight at once.
        public var maxConcurrent: Int
        /// Seconds added to each window as a safety margin.
        public var margin: TimeInterval
        /// The length of a minute in seconds (60; a benchmark against a sandbox with a shortened
        /// minute shortens it alike). A second is a sixtieth of it.
        public var minute: TimeInterval

        /// Limits; the defaults are QuickBooks Online's published ones (500/min, 10/s, 40 batch/min,
        /// 10 concurrent, per company).
        public init(
            requestsPerMinute: Int = 500, requestsPerSecond: Int = 10, batchRequestsPerMinute: Int = 40,
            maxConcurrent: Int = 10, margin: TimeInterval = 0.25, minute: TimeInterval = 60
        ) {
            self.requestsPerMinute = max(1, requestsPerMinute)
            self.requestsPerSecond = max(1, requestsPerSecond)
            self.batchRequestsPerMinute = max(1, batchRequestsPerMinute)
            self.maxConcurrent = max(1, maxConcurrent)
            self.margin = max(0, margin)
            self.minute = minute > 0 ? minute : 60
        }

        /// QuickBooks Online's limits.
        public static let quickBooks = Limits()
    }

    /// What a request counts against.
    public enum Kind: Sendable {
        /// A `/batch` call: counts against the batch limit as well.
        case batch
        /// Any other API call (query, read).
        case single
    }

    /// The limits in force.
    public let limits: Limits
    private let clock: any QBOClock
    private var starts: [Date] = []
    private var batchStarts: [Date] = []
    private var inFlight = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []

    /// A pacer keeping under `limits`, timed by `clock`.
    public init(limits: Limits = .quickBooks, clock: any QBOClock = SystemClock()) {
        self.limits = limits
        self.clock = clock
    }

    /// Waits until a request of `kind` may start, then counts it as started and in flight.
    /// Every successful `acquire` must be followed by one `release`.
    public func acquire(_ kind: Kind) async throws {
        while true {
            try Task.checkCancellation()
            if inFlight >= limits.maxConcurrent {
                await withCheckedContinuation { slotWaiters.append($0) }
                continue
            }
            let now = clock.now()
            let wait = waitBeforeStart(kind, now: now)
            if wait <= 0 {
                starts.append(now)
                if kind == .batch { batchStarts.append(now) }
                inFlight += 1
                return
            }
            try await clock.sleep(seconds: wait)
        }
    }

    /// Marks one request as finished, freeing its concurrency slot.
    public func release() {
        inFlight = max(0, inFlight - 1)
        // Wake every waiter: each checks again, and one cancelled meanwhile cannot strand the slot.
        let waiters = slotWaiters
        slotWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Requests now in flight.
    public var requestsInFlight: Int { inFlight }

    /// Seconds until a start of `kind` stays under every window (zero or less: now).
    private func waitBeforeStart(_ kind: Kind, now: Date) -> TimeInterval {
        let minute = limits.minute + limits.margin
        let second = limits.minute / 60 + limits.margin
        starts.removeAll { now.timeIntervalSince($0) >= minute }
        batchStarts.removeAll { now.timeIntervalSince($0) >= minute }
        var wait = Self.wait(in: starts, limit: limits.requestsPerMinute, window: minute, now: now)
        let lastSecond = starts.filter { now.timeIntervalSince($0) < second }
        wait = max(wait, Self.wait(in: lastSecond, limit: limits.requestsPerSecond, window: second, now: now))
        if kind == .batch {
            wait = max(wait, Self.wait(in: batchStarts, limit: limits.batchRequestsPerMinute, window: minute, now: now))
        }
        return wait
    }

    /// With `limit` starts allowed per `window`, the wait until the oldest start that blocks a new
    /// one leaves the window. `times` is in order and holds only starts inside the window.
    private static func wait(in times: [Date], limit: Int, window: TimeInterval, now: Date) -> TimeInterval {
        guard times.count >= limit else { return 0 }
        let blocking = times[times.count - limit]
        return blocking.addingTimeInterval(window).timeIntervalSince(now)
    }
}
