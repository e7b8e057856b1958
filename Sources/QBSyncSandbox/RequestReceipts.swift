import Foundation

/// Counts the requests the sandbox received per `requestid`, from the request head, before the
/// body is read or anything is applied. A test compares it with the client's journal: a count
/// above the sends the client recorded is a resend made behind the client's back (an HTTP
/// library repeating a request on a new connection), even one whose body never came.
final class RequestReceipts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    /// Counts one request head whose target is `target` (path and query as sent).
    func received(target: String) {
        guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first,
            let requestID = HTTPRequest.parseForm(String(query))["requestid"]
        else { return }
        lock.withLock { counts[requestID, default: 0] += 1 }
    }

    /// Request heads received so far, by `requestid`.
    var byRequestID: [String: Int] { lock.withLock { counts } }
}
