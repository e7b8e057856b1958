/// What `qbsync reintegrate` reads from a QuickBooks company, whatever the edition: the
/// documents qbsync may have posted and the name lists they refer to. QuickBooks Online reads
/// them with paged queries (`OnlineBooksReader`); a Desktop reader answers the same questions
/// from qbXML queries, so the matching and the report are written once.
public protocol BooksReader: Sendable {
    /// Every sales document, payment, credit and refund, voided ones too.
    func documents() async throws -> [BooksDocument]
    /// Every record of a name list (active and inactive: an inactive one still holds its name).
    func names(_ list: BooksNameList) async throws -> [BooksName]
}

/// The kinds of document qbsync posts.
public enum BooksDocumentKind: String, Sendable, CaseIterable {
    case invoice = "Invoice"
    case payment = "Payment"
    case creditMemo = "CreditMemo"
    case refundReceipt = "RefundReceipt"
}

/// The name lists a reintegration matches by name (customers through their documents first).
public enum BooksNameList: String, Sendable, CaseIterable {
    case customer = "Customer"
    case item = "Item"
    case `class` = "Class"
    case paymentMethod = "PaymentMethod"
    case account = "Account"
}

/// One document as QuickBooks holds it, in the terms the reintegration compares.
public struct BooksDocument: Sendable, Equatable {
    public var kind: BooksDocumentKind
    public var id: String
    public var syncToken: String?
    /// `DocNumber` (invoices, credit memos, refund receipts) or the payment's reference number.
    public var number: String?
    public var customerID: String?
    public var date: String?
    public var totalCents: Int?
    /// False when voided.
    public var live: Bool
    /// The marker qbsync wrote on it, when it carries one.
    public var marker: BooksMarker?

    public init(
        kind: BooksDocumentKind, id: String, syncToken: String?, number: String?, customerID: String?, date: String?,
        totalCents: Int?, live: Bool, marker: BooksMarker?
    ) {
        self.kind = kind
        self.id = id
        self.syncToken = syncToken
        self.number = number
        self.customerID = customerID
        self.date = date
        self.totalCents = totalCents
        self.live = live
        self.marker = marker
    }
}

/// One record of a name list.
public struct BooksName: Sendable, Equatable {
    public var id: String
    public var syncToken: String?
    public var name: String
    public var active: Bool
    /// An item's unit price in cents, when it has one (to notice a price changed in the OMS).
    public var unitPriceCents: Int?

    public init(id: String, syncToken: String?, name: String, active: Bool, unitPriceCents: Int? = nil) {
        self.id = id
        self.syncToken = syncToken
        self.name = name
        self.active = active
        self.unitPriceCents = unitPriceCents
    }
}
