import Foundation
import QBSyncJSON

/// One batch request and its answer, as exchanged: the exact bytes both ways.
public struct BatchExchange: Sendable {
    /// The answer's items by `bId` (QuickBooks does not keep the request's order).
    public var items: [String: JSONValue]
    /// The answer's per-item faults by `bId`.
    public var itemFaults: [String: QBOFault]
    public var requestBytes: [UInt8]
    public var status: Int
    public var responseBytes: [UInt8]
    public var response: JSONValue
    /// Intuit's transaction id for the answer (support asks for it).
    public var intuitTID: String?

    public init(requestBytes: [UInt8], status: Int, responseBytes: [UInt8], response: JSONValue, intuitTID: String?) {
        items = QBOExchange.items(of: response)
        itemFaults = QBOFault.batchItemFaults(in: response)
        self.requestBytes = requestBytes
        self.status = status
        self.responseBytes = responseBytes
        self.response = response
        self.intuitTID = intuitTID
    }
}

/// What the load needs from QuickBooks: batches and queries. The live client talks HTTP; the
/// load never sees tokens, pacing or retries of throttled requests.
public protocol QuickBooksAPI: Sendable {
    /// Posts one batch request body with a stable `requestID`.
    func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange
    /// Runs one query and returns the entities it found.
    func query(_ statement: String) async throws -> [JSONValue]
    /// Counts batch requests an earlier load of the company sent (by when each send ended)
    /// against the pacing windows: QuickBooks still counts them after that process died.
    func rememberRecentBatches(finishedAt times: [Date]) async
}

extension QuickBooksAPI {
    /// A QuickBooks without pacing (a test's fake) has nothing to remember.
    public func rememberRecentBatches(finishedAt times: [Date]) async {}
}

/// How a failed QuickBooks call ends a load's step.
public enum QuickBooksAPIFailure: Error, Sendable, Equatable {
    /// The request may or may not have been applied (timeout, dropped connection, 5xx after sending):
    /// look documents up before sending again.
    case uncertain(String)
    /// Login needed: stop the run, exit code 3, tell the user to run `qbsync connect`.
    case authorizationNeeded(String)
    /// The request kept failing (throttled or unavailable) past the retry policy: the batch stays pending.
    case gaveUp(String)
    /// QuickBooks refused the whole request (a top-level fault).
    case refused(status: Int, code: String?, message: String)
}
