import Foundation

/// Faults the sandbox injects on purpose, so that a client's paths for throttling, server
/// failures, lost answers and expiring logins are exercised against real HTTP.
///
/// Every fault is deterministic: it hits every Nth request of its kind, counted from the
/// server's start, so a test that sends the same requests meets the same faults. "Requests"
/// are calls to the accounting API (`/v3/company/...`); "writes" are the ones that can change
/// the books (`POST batch` and entity writes) and that were let through the throttle.
public struct SandboxFaults: Sendable, Equatable {
    /// Answer 429 `ThrottleExceeded` to every Nth request (and to the `throttleBurst - 1`
    /// requests after it), as QuickBooks does under load. Nothing is applied.
    public var throttleEvery: Int?
    /// How many requests in a row an injected throttle refuses (at least 1).
    public var throttleBurst = 1
    /// The `Retry-After` seconds sent with an injected 429; nil sends none, as Intuit does.
    public var throttleRetryAfter: Double?
    /// Answer every Nth write with HTTP 503 without applying it.
    public var failBeforeApplyEvery: Int?
    /// Apply every Nth write, then reset the connection before a byte of the answer: the change
    /// is kept, the answer is lost.
    public var dropAfterApplyEvery: Int?
    /// Hold the answer to every Nth request for `slowSeconds` (after applying it).
    public var slowEvery: Int?
    /// How long a slow answer is held.
    public var slowSeconds: Double = 2
    /// Expire every access token just before every Nth request, so that request meets a 401.
    public var expireTokensEvery: Int?
    /// Forget `requestid`s: a replayed request is applied again. Users report QuickBooks
    /// sometimes does this; with it on, only a client's own lookups prevent duplicates.
    public var ignoreRequestIDs = false

    /// No faults.
    public init() {}

    /// True when no fault is switched on.
    public var isEmpty: Bool { self == SandboxFaults() }

    /// Why a setting cannot work (an "every" below 2 would refuse every retry too), or nil.
    public var problem: String? {
        let everies = [
            ("throttle every", throttleEvery), ("fail every", failBeforeApplyEvery), ("drop every", dropAfterApplyEvery),
            ("slow every", slowEvery), ("expire tokens every", expireTokensEvery),
        ]
        for (name, value) in everies {
            if let value, value < 2 { return "\(name) must be 2 or more (1 would refuse every retry as well)" }
        }
        if let every = throttleEvery, throttleBurst < 1 || throttleBurst >= every {
            return "the throttle burst must be at least 1 and less than throttle every (\(every))"
        }
        if let seconds = throttleRetryAfter, seconds < 0 { return "the throttle Retry-After must not be negative" }
        if slowSeconds < 0 { return "slow seconds must not be negative" }
        return nil
    }

    /// A one-line summary of what is switched on, for the sandbox's banner.
    public var summary: String {
        var parts: [String] = []
        if let every = throttleEvery { parts.append("429 on every \(every)th request (burst \(throttleBurst))") }
        if let every = failBeforeApplyEvery { parts.append("503 before applying every \(every)th write") }
        if let every = dropAfterApplyEvery { parts.append("connection dropped after applying every \(every)th write") }
        if let every = slowEvery { parts.append("every \(every)th answer held \(slowSeconds) s") }
        if let every = expireTokensEvery { parts.append("access tokens expired before every \(every)th request") }
        if ignoreRequestIDs { parts.append("requestids ignored") }
        return parts.isEmpty ? "no faults" : parts.joined(separator: "; ")
    }
}

/// How many of each fault the sandbox injected, and how many requests its own throttle refused.
public struct SandboxStatistics: Sendable, Equatable {
    /// Accounting API requests received.
    public var requests = 0
    /// Writes let through to the books (or to an injected failure).
    public var writes = 0
    /// 429s from the sandbox's own rate limiter (QuickBooks's limits), not injected.
    public var throttledByLimits = 0
    /// Injected 429s.
    public var injectedThrottles = 0
    /// Injected 503s before applying.
    public var injectedFailures = 0
    /// Writes applied whose connection was then dropped.
    public var injectedDrops = 0
    /// Answers held back.
    public var injectedSlowAnswers = 0
    /// Times every access token was expired.
    public var injectedExpiries = 0
}
