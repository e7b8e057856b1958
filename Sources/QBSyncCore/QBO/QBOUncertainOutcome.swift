import Foundation

/// A write whose fate is unknown: it was sent, and the answer was lost or was a 5xx. Carries what
/// the loader must journal, so it can look the documents up before deciding to resend.
public struct QBOUncertainOutcome: Sendable, Equatable {
    /// What was being done, such as `batch requestid=run7-b003`.
    public var operation: String
    /// The `requestid` sent (the same on every attempt).
    public var requestID: String?
    /// The exact body bytes sent.
    public var requestBytes: [UInt8]
    /// The HTTP status of the last answer, when one came.
    public var status: Int?
    /// The body of the last answer, when one came (maybe empty).
    public var responseBytes: [UInt8]
    /// The `intuit_tid` of the last answer, for Intuit support.
    public var intuitTID: String?
    /// How many times the request was sent.
    public var attempts: Int
    /// What made the outcome uncertain, in words.
    public var reason: String

    /// An uncertain outcome.
    public init(
        operation: String, requestID: String?, requestBytes: [UInt8], status: Int?, responseBytes: [UInt8],
        intuitTID: String?, attempts: Int, reason: String
    ) {
        self.operation = operation
        self.requestID = requestID
        self.requestBytes = requestBytes
        self.status = status
        self.responseBytes = responseBytes
        self.intuitTID = intuitTID
        self.attempts = attempts
        self.reason = reason
    }
}

extension QBOUncertainOutcome: CustomStringConvertible {
    /// What happened and what comes next; never the bodies.
    public var description: String {
        "\(operation): QuickBooks may or may not have applied it (\(reason))\(QBOClientError.tidNote(intuitTID)). "
            + "The documents will be looked up in QuickBooks before anything is sent again."
    }
}
