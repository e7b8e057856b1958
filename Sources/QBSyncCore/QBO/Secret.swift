/// A credential (access token, refresh token, client secret) that never prints itself.
///
/// Interpolating, describing, dumping or reflecting a `Secret` gives `<redacted>`, so a log line,
/// an error message or a `dump` of a value that holds one cannot leak it by accident. The text is
/// reachable only through `revealed`, a name that stands out in review.
public struct Secret: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The credential itself: use it only where it goes on the wire or to disk.
    public let revealed: String

    /// Wraps a credential.
    public init(_ value: String) { self.revealed = value }

    /// Wraps a credential written in source (tests, fixtures).
    public init(stringLiteral value: String) { self.revealed = value }

    /// Whether the credential is the empty string.
    public var isEmpty: Bool { revealed.isEmpty }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror with no children, so `dump` and debuggers show nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .struct) }
}
