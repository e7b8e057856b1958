import Foundation

/// Everything a sandbox server needs to know at start. The defaults match what
/// `qbsync sandbox` prints for a user to export, so a test and a trying user see the same thing.
public struct SandboxConfiguration: Sendable {
    /// The address to bind; loopback only, as the pipeline refuses plain HTTP elsewhere.
    public var host = "127.0.0.1"
    /// The port; 0 lets the kernel choose (tests), `qbsync sandbox` defaults to 8765.
    public var port: UInt16 = 0
    /// Where state, OAuth grants and the request log live; nil keeps everything in memory.
    public var dataDirectory: URL?
    /// The company (realm) id the sandbox serves.
    public var realm = "9341453050000000"
    /// The OAuth client id accepted by the token endpoint.
    public var clientID = "qbsync-sandbox"
    /// The OAuth client secret accepted by the token endpoint.
    public var clientSecret = "sandbox-secret"
    /// A refresh token that is valid whenever the server starts, so a user can skip the browser.
    public var seedRefreshToken = "sandbox-refresh-token"
    /// How long an access token lives; tests shorten it to see tokens expire.
    public var accessTokenLifetime: TimeInterval = 3600
    /// How long a refresh token lives (Intuit: 100 days, rolling).
    public var refreshTokenLifetime: TimeInterval = 8_726_400
    /// Intuit's request limits; `.unlimited` switches them off.
    public var limits = SandboxLimits()
    /// The company's closing date (`YYYY-MM-DD`): transactions dated on or before it are refused.
    public var bookCloseDate: String?
    /// The name the company reports in `CompanyInfo`.
    public var companyName = "Sandbox Hearing Clinic"
    /// Whether every refresh returns a new refresh token and kills the old one at once, as
    /// Intuit may on any refresh (on by default: the strictest reading). Off, a refresh gives
    /// the same refresh token back.
    public var rotateRefreshTokens = true
    /// Faults to inject (throttling, failures, dropped answers, slow answers, expiring tokens).
    public var faults = SandboxFaults()

    /// A configuration with every default.
    public init() {}
}

/// QuickBooks Online's throttling rules, per company. A "minute" can be shortened so a test or
/// a benchmark sees the limits without waiting a real minute; the second scales with it.
public struct SandboxLimits: Sendable {
    /// Whether requests are throttled at all.
    public var enabled = true
    /// Requests per company per minute (Intuit: 500).
    public var requestsPerMinute = 500
    /// Requests per company per second (Intuit: 10).
    public var requestsPerSecond = 10
    /// Batch requests per company per minute (Intuit: 40).
    public var batchRequestsPerMinute = 40
    /// Requests being answered at once per company (Intuit: 10).
    public var maxConcurrentRequests = 10
    /// The length of a "minute" in seconds; a "second" is a sixtieth of it.
    public var minuteSeconds: TimeInterval = 60
    /// Items allowed in one batch request (more: fault 1040).
    public var maxBatchItems = 30
    /// The most rows one query may return.
    public var maxQueryResults = 1000

    /// Intuit's limits.
    public init() {}

    /// No throttling (batch size and query rows stay limited: they are part of the API).
    public static var unlimited: SandboxLimits {
        var limits = SandboxLimits()
        limits.enabled = false
        return limits
    }
}
