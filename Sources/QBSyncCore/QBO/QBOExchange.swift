import Foundation
import QBSyncJSON

/// One completed call to QuickBooks: what was sent and what came back, kept whole so the load stage
/// can journal the exact bytes.
public struct QBOExchange: Sendable, Equatable {
    /// The `requestid` sent, for a batch.
    public var requestID: String?
    /// The URL called.
    public var url: URL
    /// The exact body bytes sent (empty for a GET).
    public var requestBytes: [UInt8]
    /// The HTTP status of the answer used.
    public var status: Int
    /// The exact body bytes received.
    public var responseBytes: [UInt8]
    /// The answer, parsed.
    public var json: JSONValue
    /// The `intuit_tid` response header, for Intuit support.
    public var intuitTID: String?
    /// How many times the request was sent to get this answer.
    public var attempts: Int

    /// An exchange.
    public init(
        requestID: String?, url: URL, requestBytes: [UInt8], status: Int, responseBytes: [UInt8], json: JSONValue,
        intuitTID: String?, attempts: Int
    ) {
        self.requestID = requestID
        self.url = url
        self.requestBytes = requestBytes
        self.status = status
        self.responseBytes = responseBytes
        self.json = json
        self.intuitTID = intuitTID
        self.attempts = attempts
    }

    /// The items of a batch answer by `bId` (match by id: QuickBooks does not keep the order).
    public var batchItems: [String: JSONValue] { Self.items(of: json) }

    /// The items of a batch answer `json` by `bId`.
    public static func items(of json: JSONValue) -> [String: JSONValue] {
        var items: [String: JSONValue] = [:]
        for item in QBOFault.member(json, "BatchItemResponse")?.arrayValue ?? [] {
            if let bID = QBOFault.member(item, "bId").flatMap(QBOFault.text) { items[bID] = item }
        }
        return items
    }

    /// The per-item faults of a batch answer, by `bId`.
    public var itemFaults: [String: QBOFault] { QBOFault.batchItemFaults(in: json) }
}
