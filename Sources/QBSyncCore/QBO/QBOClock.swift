import Foundation

/// The time source and the waiting the QuickBooks client does: token expiry, pacing, backoff.
/// Passed in so tests run a throttled minute in no time and can see every wait.
public protocol QBOClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Waits `seconds`; throws `CancellationError` when the task is cancelled.
    func sleep(seconds: TimeInterval) async throws
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemClock: QBOClock {
    /// The system clock.
    public init() {}

    /// The current time.
    public func now() -> Date { Date() }

    /// Sleeps for `seconds` (nothing for zero or less).
    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(nanoseconds: UInt64((seconds * 1_000_000_000).rounded(.up)))
    }
}
