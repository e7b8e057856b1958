import Foundation

/// Why no HTTP answer arrived, split by what it means for a request that changes data.
public enum HTTPTransportError: Error, Sendable, Equatable {
    /// The request could not have reached the server (no route, refused connection, TLS failure,
    /// bad URL): sending it again cannot apply it twice.
    case notSent(reason: String)
    /// The request may have reached the server but its answer was lost (timeout, dropped
    /// connection, unreadable answer): an UNCERTAIN outcome for anything that writes.
    case answerLost(reason: String)

    /// The human reason, without URL or headers.
    public var reason: String {
        switch self {
        case .notSent(let reason), .answerLost(let reason): return reason
        }
    }

    /// True when the request may have been applied.
    public var isUncertain: Bool {
        if case .answerLost = self { return true }
        return false
    }
}

extension HTTPTransportError: LocalizedError {
    /// What happened, in words for the operator.
    public var errorDescription: String? {
        switch self {
        case .notSent(let reason):
            return "could not reach the server (\(reason)); nothing was sent"
        case .answerLost(let reason):
            return "the request was sent but no answer came back (\(reason)); it may or may not have been applied"
        }
    }
}
