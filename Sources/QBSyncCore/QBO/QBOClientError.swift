import Foundation

/// Why a QuickBooks call did not produce an answer to use, grouped by what the caller does next
/// (`disposition`). No message quotes a token, a secret or a request body.
public enum QBOClientError: Error, Sendable {
    /// QuickBooks needs a (new) login: no tokens, a refused refresh token, a revoked app, tokens for
    /// another company. Nothing was applied. Upstream this is exit code 3.
    case authorizationRequired(reason: String)
    /// The request may or may not have been applied (5xx, timeout or dropped connection after
    /// sending, an unreadable answer to a write). Look the documents up before sending again.
    case uncertainOutcome(QBOUncertainOutcome)
    /// The request was refused every time for a passing reason (throttled, server unreachable)
    /// and provably not applied; it stays pending and can be sent again later as it is.
    case retriesExhausted(operation: String, attempts: Int, lastProblem: String)
    /// QuickBooks refused the request as a whole (4xx with a fault): nothing was applied, and
    /// sending it unchanged will be refused again.
    case refused(operation: String, status: Int, fault: QBOFault?, intuitTID: String?)
    /// A read got an answer it could not understand.
    case invalidResponse(operation: String, status: Int, reason: String, intuitTID: String?)
    /// The caller asked for something the client cannot send (a bad request id or batch body).
    case invalidRequest(reason: String)
    /// The app's own settings were refused (the token endpoint rejected the client id or secret).
    case configuration(reason: String)
    /// `tokens.json` could not be read or written.
    case tokenStorage(TokenStoreError)

    /// What a caller does next with an error of this kind.
    public enum Disposition: Sendable, Equatable {
        /// Nothing was applied and the cause passes: keep the work pending and send it again later.
        case retryLater
        /// The outcome is unknown: look the documents up in QuickBooks before resending anything.
        case uncertain
        /// Stop: the user must run `qbsync connect` (exit code 3).
        case authorizationNeeded
        /// QuickBooks refused this request: record it as failed with its fault and go on.
        case rejected
        /// Stop the run: configuration, storage or a programming error.
        case fatal
    }

    /// What the caller does next.
    public var disposition: Disposition {
        switch self {
        case .authorizationRequired: return .authorizationNeeded
        case .uncertainOutcome: return .uncertain
        case .retriesExhausted: return .retryLater
        case .refused: return .rejected
        // A tokens.json that does not read as tokens holds no login: the cure is 'qbsync connect'.
        case .tokenStorage(.unreadable): return .authorizationNeeded
        case .invalidResponse, .invalidRequest, .configuration, .tokenStorage: return .fatal
        }
    }

    /// Why a login is needed, without the advice to run 'qbsync connect' (the caller that
    /// reports it adds that once, with what to run after); nil when no login is needed.
    public var loginReason: String? {
        switch self {
        case .authorizationRequired(let reason): reason
        case .tokenStorage(.unreadable(let path, let reason)): "\(path) does not hold readable QuickBooks tokens (\(reason))"
        default: nil
        }
    }

    /// True when the user must run `qbsync connect` before anything else can work.
    public var needsAuthorization: Bool { disposition == .authorizationNeeded }

    /// The QuickBooks fault behind the error, when there is one.
    public var fault: QBOFault? {
        if case .refused(_, _, let fault, _) = self { return fault }
        return nil
    }
}

extension QBOClientError: LocalizedError {
    /// What happened and what to do, in one message (argument parsers print only this).
    public var errorDescription: String? {
        switch self {
        case .authorizationRequired(let reason):
            return "QuickBooks login needed: \(reason). Run 'qbsync connect' to log in to QuickBooks again."
        case .uncertainOutcome(let outcome):
            return outcome.description
        case .retriesExhausted(let operation, let attempts, let lastProblem):
            return "\(operation): gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(lastProblem)). "
                + "Nothing was changed in QuickBooks: the work stays pending and the next load sends it again."
        case .refused(let operation, let status, let fault, let tid):
            let what = fault.map { String(describing: $0) } ?? "no fault details"
            return "\(operation): QuickBooks refused the request (HTTP \(status): \(what))\(Self.tidNote(tid)). "
                + "Nothing was applied; it will be refused again unless the request changes."
        case .invalidResponse(let operation, let status, let reason, let tid):
            return "\(operation): QuickBooks answered HTTP \(status) with something unreadable (\(reason))\(Self.tidNote(tid))."
        case .invalidRequest(let reason):
            return "Cannot send this request to QuickBooks: \(reason)."
        case .configuration(let reason):
            return "The QuickBooks app settings were refused: \(reason). Check QBSYNC_CLIENT_ID and QBSYNC_CLIENT_SECRET (or the pipeline file)."
        case .tokenStorage(let error):
            return error.errorDescription
        }
    }

    static func tidNote(_ tid: String?) -> String {
        tid.map { " [intuit_tid \($0)]" } ?? ""
    }
}

extension QBOClientError: CustomStringConvertible {
    /// The same as `errorDescription`.
    public var description: String { errorDescription ?? "QuickBooks client error" }
}

extension QBOClientError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if needsAuthorization { return .blocked }
        if case .tokenStorage(.unsafeFile) = self { return .configuration }
        return .itemsFailed
    }
}
