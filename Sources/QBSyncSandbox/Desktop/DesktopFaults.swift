import Foundation

/// Faults the sandbox's QuickBooks Desktop company injects on purpose, each one a failure the
/// load must survive (qbd-api.md section 6). Counts start at 1 from the company's start; each
/// numbered fault hits once.
///
/// As a spec string (`qbsync sandbox --desktop --qb-faults SPEC`): comma-separated,
/// `not-running`, `in-use=N`, `lock=N`, `changed=N`, `internal-error=N`, `unavailable=N`,
/// `unexpected=N`.
public struct DesktopFaults: Sendable, Equatable {
    /// QuickBooks is not running: `openSession` fails with 0x80040408.
    public var notRunning = false
    /// The Nth write request answers 3175 (record in use) and changes nothing.
    public var recordInUseAt: Int?
    /// The Nth write request answers 3176 (lock not obtained) and changes nothing.
    public var lockFailedAt: Int?
    /// The Nth write request answers 3170 (list modified by another user) and changes nothing.
    public var listChangedAt: Int?
    /// The Nth write request answers 1000 (internal error) and changes nothing.
    public var internalErrorAt: Int?
    /// The Nth write request answers 1010 (system not available) and changes nothing.
    public var unavailableAt: Int?
    /// The Nth message set holding a write runs and is stored, then the request processor
    /// fails with 0x80040402 (unexpected error): the outcome is unknown to the caller, and only
    /// error recovery or a lookup tells that it committed.
    public var unexpectedAfterCommitAt: Int?

    /// No faults.
    public init() {}

    /// Why a spec cannot be read.
    public struct SpecError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a spec string such as `in-use=3,not-running`.
    public init(spec: String) throws {
        for part in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            let name = pieces[0]
            if name == "not-running", pieces.count == 1 {
                notRunning = true
                continue
            }
            guard pieces.count == 2, let count = Int(pieces[1]), count >= 1 else {
                throw SpecError(
                    description:
                        "the Desktop fault '\(part)' needs a count of 1 or more (for example in-use=3); faults: \(Self.names)")
            }
            switch name {
            case "in-use": recordInUseAt = count
            case "lock": lockFailedAt = count
            case "changed": listChangedAt = count
            case "internal-error": internalErrorAt = count
            case "unavailable": unavailableAt = count
            case "unexpected": unexpectedAfterCommitAt = count
            default:
                throw SpecError(
                    description:
                        "unknown Desktop fault '\(name)'; faults: \(Self.names)")
            }
        }
    }

    private static let names = "not-running, in-use=N, lock=N, changed=N, internal-error=N, unavailable=N, unexpected=N"

    /// A one-line summary for the sandbox's banner.
    public var summary: String {
        var parts: [String] = []
        if notRunning { parts.append("QuickBooks not running") }
        if let at = recordInUseAt { parts.append("3175 record in use on write \(at)") }
        if let at = lockFailedAt { parts.append("3176 lock failed on write \(at)") }
        if let at = listChangedAt { parts.append("3170 list changed on write \(at)") }
        if let at = internalErrorAt { parts.append("1000 internal error on write \(at)") }
        if let at = unavailableAt { parts.append("1010 system not available on write \(at)") }
        if let at = unexpectedAfterCommitAt { parts.append("0x80040402 after committing write set \(at)") }
        return parts.isEmpty ? "no faults" : parts.joined(separator: "; ")
    }
}
