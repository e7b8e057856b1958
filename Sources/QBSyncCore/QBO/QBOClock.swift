import Foundation

/// The time source and the waiting the QuickBooks client does: token expiry, pacing, backoff.
/// Passed in so tests run a throttled minute in no time and can see every wait.
public protocol QBOClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Seconds on a clock that only moves forward at a steady rate (its zero is arbitrary):
    /// what pacing windows are measured on, so a wall-clock step cannot open or close them.
    func monotonic() -> TimeInterval
    /// Waits `seconds`; throws `CancellationError` when the task is cancelled.
    func sleep(seconds: TimeInterval) async throws
}

extension QBOClock {
    /// The wall clock read as seconds: a clock that never steps (a test's) needs nothing else.
    public func monotonic() -> TimeInterval { now().timeIntervalSinceReferenceDate }
}

/// The real clock: `Date()`, the system's uptime and `Task.sleep`.
public struct SystemClock: QBOClock {
    /// The system clock.
    public init() {}

    /// The current time.
    public func now() -> Date { Date() }

    /// The time since boot (`CLOCK_MONOTONIC` on Linux), unmoved by changes to the wall clock.
    public func monotonic() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    /// Sleeps for `seconds` (nothing for zero or less).
    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(nanoseconds: UInt64((seconds * 1_000_000_000).rounded(.up)))
    }
}
