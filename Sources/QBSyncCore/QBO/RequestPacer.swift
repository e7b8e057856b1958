import Foundation

/// Keeps the requests to one QuickBooks company under its limits, so that a normal run is never
/// throttled: it waits before a request that would go over, instead of letting QuickBooks answer
/// 429 and cost a minute.
///
/// QuickBooks counts a request when it arrives, which is some time after we start it (a busy
/// machine, a slow network) and before its answer reaches us. So a request counts in every
/// window from its start until its answer came back, and leaves a window only once that answer
/// is older than the window (stretched by `margin` for the difference between the two clocks'
/// rates). Windows are kept on the clock's monotonic time, which a wall-clock step cannot move.
/// Batches are spread over the minute (one every minute / `batchRequestsPerMinute`) and
/// requests over the second, rather than sent in bursts that a delay on the way can bunch up.
/// A restarted load seeds the windows from its journal (`remember(finishedAt:)`): QuickBooks
/// still counts the dead process's requests. Share one pacer between all clients that talk to
/// the same company.
public actor RequestPacer {
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
    /// Monotonic times at which requests' answers came (or their sends ended), oldest first.
    private var finished: [TimeInterval] = []
    private var batchesFinished: [TimeInterval] = []
    private var inFlight = 0
    private var batchesInFlight = 0
    private var lastStart: TimeInterval?
    private var lastBatchStart: TimeInterval?
    /// No request starts before this (monotonic) time: set by a 429.
    private var pausedUntil: TimeInterval = -.infinity
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A pacer keeping under `limits`, timed by `clock`.
    public init(limits: Limits = .quickBooks, clock: any QBOClock = SystemClock()) {
        self.limits = limits
        self.clock = clock
    }

    /// Waits until a request of `kind` may start, then counts it as started and in flight.
    /// Every successful `acquire` must be followed by one `release` of the same kind.
    public func acquire(_ kind: Kind) async throws {
        while true {
            try Task.checkCancellation()
            let now = clock.monotonic()
            switch waitBeforeStart(kind, now: now) {
            case .now:
                lastStart = now
                inFlight += 1
                if kind == .batch {
                    lastBatchStart = now
                    batchesInFlight += 1
                }
                return
            case .seconds(let wait):
                try await clock.sleep(seconds: wait)
            case .forAnAnswer:
                await withCheckedContinuation { waiters.append($0) }
            }
        }
    }

    /// Marks one request of `kind` as answered (or its send as over): from now on it leaves the
    /// windows as this moment ages out of them.
    public func release(_ kind: Kind) {
        let now = clock.monotonic()
        inFlight = max(0, inFlight - 1)
        finished.append(now)
        if kind == .batch {
            batchesInFlight = max(0, batchesInFlight - 1)
            batchesFinished.append(now)
        }
        // Wake every waiter: each checks again, and one cancelled meanwhile cannot strand the slot.
        let woken = waiters
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// Counts batch requests an earlier process sent to the same company, by the wall-clock time
    /// each one's send ended, so a restarted load does not start with windows QuickBooks does not
    /// share. Times in the future count as now.
    public func remember(finishedAt times: [Date]) {
        let wall = clock.now()
        let now = clock.monotonic()
        let stamps = times.map { now - max(0, wall.timeIntervalSince($0)) }.filter { now - $0 < window.minute }
        guard !stamps.isEmpty else { return }
        finished = (finished + stamps).sorted()
        batchesFinished = (batchesFinished + stamps).sorted()
        lastStart = max(lastStart ?? -.infinity, stamps.max()!)
        lastBatchStart = max(lastBatchStart ?? -.infinity, stamps.max()!)
    }

    /// QuickBooks throttled a request: nothing starts for `seconds`, as it asked. A 429 means
    /// the windows under-counted (another app on the company, or a clock we misjudged), so every
    /// request waits, not only the refused one.
    public func throttled(for seconds: TimeInterval) {
        pausedUntil = max(pausedUntil, clock.monotonic() + max(0, seconds))
    }

    /// Requests now in flight.
    public var requestsInFlight: Int { inFlight }

    private enum Wait {
        case now
        case seconds(TimeInterval)
        case forAnAnswer
    }

    private var window: (minute: TimeInterval, second: TimeInterval) {
        (limits.minute + limits.margin, limits.minute / 60 + limits.margin)
    }

    /// How long until a start of `kind` stays under every limit.
    private func waitBeforeStart(_ kind: Kind, now: TimeInterval) -> Wait {
        if inFlight >= limits.maxConcurrent { return .forAnAnswer }
        let (minute, second) = window
        finished.removeFirst(finished.prefix { now - $0 >= minute }.count)
        batchesFinished.removeFirst(batchesFinished.prefix { now - $0 >= minute }.count)
        var waits = [pausedUntil - now]
        // Spread: a request every second / limit, a batch every minute / limit.
        if let lastStart { waits.append(lastStart + limits.minute / 60 / Double(limits.requestsPerSecond) - now) }
        if kind == .batch, let lastBatchStart {
            waits.append(lastBatchStart + limits.minute / Double(limits.batchRequestsPerMinute) - now)
        }
        let lastSecond = Array(finished.drop { now - $0 >= second })
        var limited = [
            (lastSecond, inFlight, limits.requestsPerSecond, second), (finished, inFlight, limits.requestsPerMinute, minute),
        ]
        if kind == .batch { limited.append((batchesFinished, batchesInFlight, limits.batchRequestsPerMinute, minute)) }
        for (times, open, limit, length) in limited where times.count + open >= limit {
            // The oldest answers must age out; if too few have come back, wait for one.
            let mustLeave = times.count + open - limit + 1
            guard mustLeave <= times.count else { return .forAnAnswer }
            waits.append(times[mustLeave - 1] + length - now)
        }
        let wait = waits.max() ?? 0
        return wait > 0 ? .seconds(wait) : .now
    }
}
