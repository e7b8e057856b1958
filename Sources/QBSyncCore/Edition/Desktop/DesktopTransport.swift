import Foundation

/// How a Desktop message set reaches QuickBooks and its answer comes back: the Web Connector
/// session in a load (the set waits until QuickBooks's Web Connector asks for it with
/// `sendRequestXML`, and the call returns when `receiveResponseXML` brings the answer), a
/// company in memory in tests. One set at a time: QuickBooks runs no two at once.
public protocol DesktopTransport: Sendable {
    /// Hands `messageSet` (a whole qbXML document) to QuickBooks and waits for what came back.
    /// `setID` is the set's `newMessageSetID` (nil for a query set, which needs no recovery).
    /// Throws a `QuickBooksAPIFailure` when the transport itself gives up (QuickBooks did not
    /// ask within the time the load may wait).
    func exchange(_ messageSet: String, setID: String?) async throws -> DesktopExchange
}

/// What came back for one message set.
public enum DesktopExchange: Sendable, Equatable {
    /// QuickBooks's qbXML response document.
    case answer(String)
    /// The request processor failed the set as a whole (`receiveResponseXML` with an HRESULT
    /// and no answer, or `connectionError`).
    case processorFailure(hresult: String, message: String)
}
