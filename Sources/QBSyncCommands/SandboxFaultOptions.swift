import ArgumentParser
import QBSyncSandbox

/// `qbsync sandbox`'s fault-injection and timing flags: each fault strikes every Nth request
/// (or write) counted from the start, so a trial that sends the same requests meets the same
/// faults.
struct SandboxFaultOptions: ParsableArguments {
    @Option(name: .customLong("throttle-every"), help: ArgumentHelp("Answer 429 to every Nth API request.", valueName: "n"))
    var throttleEvery: Int?

    @Option(name: .customLong("throttle-burst"), help: ArgumentHelp("Requests in a row each injected 429 refuses.", valueName: "n"))
    var throttleBurst = 1

    @Option(
        name: .customLong("throttle-retry-after"),
        help: ArgumentHelp("Send this Retry-After (seconds) with an injected 429 (Intuit sends none).", valueName: "seconds"))
    var throttleRetryAfter: Double?

    @Option(name: .customLong("fail-every"), help: ArgumentHelp("Answer 503 to every Nth write, without applying it.", valueName: "n"))
    var failEvery: Int?

    @Option(
        name: .customLong("drop-every"),
        help: ArgumentHelp("Apply every Nth write, then drop the connection unanswered.", valueName: "n"))
    var dropEvery: Int?

    @Option(name: .customLong("slow-every"), help: ArgumentHelp("Hold the answer to every Nth API request.", valueName: "n"))
    var slowEvery: Int?

    @Option(name: .customLong("slow-seconds"), help: ArgumentHelp("How long a slow answer is held.", valueName: "seconds"))
    var slowSeconds: Double = 2

    @Option(
        name: .customLong("expire-tokens-every"),
        help: ArgumentHelp("Expire every access token before every Nth API request.", valueName: "n"))
    var expireTokensEvery: Int?

    @Flag(name: .customLong("ignore-request-ids"), help: "Apply a replayed requestid again instead of answering as before.")
    var ignoreRequestIDs = false

    @Flag(name: .customLong("keep-refresh-tokens"), help: "Give the same refresh token back on refresh (default: rotate).")
    var keepRefreshTokens = false

    @Option(
        name: .customLong("minute-seconds"),
        help: ArgumentHelp("Shorten the throttle's minute to this many seconds (trials of the limits).", valueName: "seconds"))
    var minuteSeconds: Double?

    /// The faults these flags switch on.
    var faults: SandboxFaults {
        var faults = SandboxFaults()
        faults.throttleEvery = throttleEvery
        faults.throttleBurst = throttleBurst
        faults.throttleRetryAfter = throttleRetryAfter
        faults.failBeforeApplyEvery = failEvery
        faults.dropAfterApplyEvery = dropEvery
        faults.slowEvery = slowEvery
        faults.slowSeconds = slowSeconds
        faults.expireTokensEvery = expireTokensEvery
        faults.ignoreRequestIDs = ignoreRequestIDs
        return faults
    }

    func validate() throws {
        if let problem = faults.problem { throw ValidationError("Fault flags: \(problem).") }
        if let minuteSeconds, !(minuteSeconds > 0) { throw ValidationError("--minute-seconds must be more than 0.") }
    }

    /// Applies the flags to a sandbox configuration.
    func apply(to configuration: inout SandboxConfiguration) {
        configuration.faults = faults
        configuration.rotateRefreshTokens = !keepRefreshTokens
        if let minuteSeconds { configuration.limits.minuteSeconds = minuteSeconds }
    }
}
