import Foundation

/// Why `qbsync connect` could not log in. None of the messages quotes a code or a token.
public enum ConnectError: Error, Sendable, Equatable, LocalizedError {
    /// The loopback port for the redirect could not be opened.
    case cannotListen(port: UInt16, reason: String)
    /// No redirect came back in time.
    case timedOut(seconds: Int)
    /// QuickBooks (or the person) refused the authorization.
    case denied(String)
    /// The redirect's `state` was not the one sent: it did not come from this login.
    case stateMismatch
    /// The redirect lacked the code or the company id.
    case incomplete(String)
    /// The person connected another company than the pipeline names.
    case wrongCompany(connected: String, pipeline: String)

    public var errorDescription: String? {
        switch self {
        case .cannotListen(let port, let reason):
            "cannot listen on 127.0.0.1:\(port) for QuickBooks's redirect (\(reason)): choose another --port (it must match the app's redirect URI), or log in elsewhere and use --code and --realm"
        case .timedOut(let seconds):
            "no answer from QuickBooks's login page within \(seconds) s: run 'qbsync connect' again, or on a machine without a browser open the address elsewhere and pass the code and realmId from the address it lands on with --code and --realm"
        case .denied(let reason):
            "QuickBooks did not authorize qbsync (\(reason)): run 'qbsync connect' again and approve the connection"
        case .stateMismatch:
            "the answer that reached the loopback address was not for this login (its state did not match), so it was ignored and nothing was saved: run 'qbsync connect' again"
        case .incomplete(let missing):
            "QuickBooks's answer lacks \(missing): run 'qbsync connect' again"
        case .wrongCompany(let connected, let pipeline):
            "you connected QuickBooks company \(connected), but the pipeline names company \(pipeline); nothing was saved. Run 'qbsync connect' again and choose company \(pipeline), or change the realm in the pipeline (QBSYNC_QBO_REALM)"
        }
    }
}

extension ConnectError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .cannotListen = self { return .configuration }
        return .blocked
    }
}
