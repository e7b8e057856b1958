import Foundation

/// How often and how patiently the QuickBooks client repeats a request that was refused for a
/// passing reason (throttled, or provably not applied).
public struct RetryPolicy: Sendable {
    /// Sends of one request at most, the first included (the single resend after a token refresh
    /// does not count against it).
    public var maxAttempts: Int
    /// The first backoff wait, in seconds; each later one doubles.
    public var backoffBase: TimeInterval
    /// The longest backoff wait, in seconds. Intuit suggests a minute after a throttle.
    public var backoffCap: TimeInterval
    /// The longest `Retry-After` honoured, in seconds; a larger one is cut to this.
    public var retryAfterCap: TimeInterval
    /// A random number in `0..<1` for jitter; tests pass a constant.
    public var random: @Sendable () -> Double

    /// A policy; the defaults wait 5, 10, 20, 40 s (each 50-100% of that) over five attempts.
    public init(
        maxAttempts: Int = 5,
        backoffBase: TimeInterval = 5,
        backoffCap: TimeInterval = 60,
        retryAfterCap: TimeInterval = 300,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoffBase = max(0, backoffBase)
        self.backoffCap = max(0, backoffCap)
        self.retryAfterCap = max(0, retryAfterCap)
        self.random = random
    }

    /// The default policy.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// The wait before the resend that follows failed attempt number `attempt` (1-based):
    /// `min(cap, base * 2^(attempt-1))`, of which a random half is dropped ("equal jitter") so
    /// that callers throttled together do not come back together.
    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let full = min(backoffCap, backoffBase * pow(2, exponent))
        let fraction = min(max(random(), 0), 1)
        return full / 2 + full / 2 * fraction
    }

    /// The wait a `Retry-After` value asks for, capped; nil when absent or unreadable. Accepts
    /// delta-seconds and HTTP dates.
    public func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = TimeInterval(text), seconds.isFinite { return min(max(seconds, 0), retryAfterCap) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return min(max(date.timeIntervalSince(now), 0), retryAfterCap)
    }
}
