import Foundation
import QBSyncJSON

/// One planned operation on its way into a request: its tag within the request (the plan's
/// `bId`), the operation and its body with every placeholder resolved.
public struct RequestItem: Sendable, Equatable {
    public var tag: String
    public var operation: PlannedOperation
    public var body: JSONValue

    public init(tag: String, operation: PlannedOperation, body: JSONValue) {
        self.tag = tag
        self.operation = operation
        self.body = body
    }
}

/// A request item as the edition prepared it to be sent: `body` nil when there is nothing left
/// to send (a credit application with nothing open), with `note` saying why or what changed.
public struct PreparedItem: Sendable, Equatable {
    public var item: RequestItem
    public var body: JSONValue?
    /// Cents planned and not applied (a payment cut to the open balance).
    public var unappliedCents: Int

    public init(item: RequestItem, body: JSONValue?, unappliedCents: Int = 0) {
        self.item = item
        self.body = body
        self.unappliedCents = unappliedCents
    }
}

/// One request as an edition built it: the exact bytes written to `3-load/requests/` and sent.
public struct BooksRequest: Sendable {
    public var bytes: [UInt8]
    /// The request as a value, when the transport takes it so (Online's client takes the batch body).
    public var body: JSONValue?

    public init(bytes: [UInt8], body: JSONValue? = nil) {
        self.bytes = bytes
        self.body = body
    }
}

/// QuickBooks's answer to one request, as it came.
public struct BooksAnswer: Sendable {
    /// The transport's status (an HTTP status; 0 when the transport has none).
    public var status: Int
    /// The exact bytes of the answer, written to `3-load/responses/`.
    public var bytes: [UInt8]
    /// QuickBooks's trace id for the answer (Online's intuit_tid), asked for by support.
    public var trace: String?
    /// The answer already decoded by the transport, so the reader need not parse it again.
    public var decoded: JSONValue?

    public init(status: Int, bytes: [UInt8], trace: String? = nil, decoded: JSONValue? = nil) {
        self.status = status
        self.bytes = bytes
        self.trace = trace
        self.decoded = decoded
    }
}

/// What became of one operation of a request, as the edition read it from the answer.
public enum OperationOutcome: Sendable, Equatable {
    /// QuickBooks applied it and holds this object now.
    case applied(RemoteRecord)
    /// QuickBooks did not apply it, for this reason.
    case fault(RemoteFault)
    /// QuickBooks did not run it at all, through no fault of its own (Desktop's 3231: the
    /// message set stopped at an earlier request's error): the poster sends it again.
    case notApplied(String)
    /// Not applied because QuickBooks holds a newer version of the object than the one the
    /// change was sent against (Desktop's 3200): the poster re-reads the object's version
    /// token and sends the change once more.
    case stale(String)
    /// A create refused because its name is taken (Desktop's 3100: one name list across
    /// customers, vendors, employees and other names): the poster looks the name up in the
    /// object's own list and adopts what it finds; a holder elsewhere fails the item.
    case nameInUse(String)
    /// Refused for a reference QuickBooks lacks or holds inactive (Desktop's 3140): the poster
    /// re-reads the records it names that qbsync posted, makes one qbsync owns active again,
    /// and sends the change once more.
    case invalidReference(String)
}

/// QuickBooks's reason for not applying one operation (or a local one: `no-answer`, `no-id`).
public struct RemoteFault: Sendable, Equatable {
    public var code: String?
    public var message: String?
    public var detail: String?
    /// The field at fault, when QuickBooks names it.
    public var element: String?

    public init(code: String?, message: String?, detail: String? = nil, element: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.element = element
    }
}

/// An object as QuickBooks holds it, in the words the ledger keeps.
public struct RemoteRecord: Sendable, Equatable {
    /// Online's `Id`; Desktop's `ListID` or `TxnID`.
    public var id: String
    /// Online's `SyncToken`; Desktop's `EditSequence`.
    public var versionToken: String?
    public var documentNumber: String?
    public var name: String?
    public var totalCents: Int?
    public var active: Bool
    /// Our marker on a document (`qbsync sale:1042`), when it carries one.
    public var marker: String?

    public init(
        id: String, versionToken: String? = nil, documentNumber: String? = nil, name: String? = nil, totalCents: Int? = nil,
        active: Bool = true, marker: String? = nil
    ) {
        self.id = id
        self.versionToken = versionToken
        self.documentNumber = documentNumber
        self.name = name
        self.totalCents = totalCents
        self.active = active
        self.marker = marker
    }
}
