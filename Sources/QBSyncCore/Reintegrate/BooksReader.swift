/// What `qbsync reintegrate` reads from a QuickBooks company, whatever the edition: the
/// documents qbsync may have posted and the name lists they refer to. QuickBooks Online reads
/// them with paged queries (`OnlineBooksReader`); a Desktop reader answers the same questions
/// from qbXML queries, so the matching and the report are written once.
public protocol BooksReader: Sendable {
    /// Every sales document, payment, credit and refund, voided ones too.
    func documents() async throws -> [BooksDocument]
    /// Every record of a name list (active and inactive: an inactive one still holds its name).
    func names(_ list: BooksNameList) async throws -> [BooksName]
    /// Only the documents of `window` (a reader that can filter in its queries reads no more).
    func documents(in window: BooksDocumentWindow) async throws -> [BooksDocument]
}

extension BooksReader {
    /// Every document, kept when in `window`: for a reader whose queries cannot filter by date.
    public func documents(in window: BooksDocumentWindow) async throws -> [BooksDocument] {
        try await documents().filter(window.contains)
    }
}

/// The documents a read before a transform with a cutover needs: what a later payment, return
/// or refund of a pre-cutover document may link to, and what the run's own documents may look
/// like (all dated on or after the cutover).
public enum BooksDocumentWindow: Sendable, Equatable {
    /// Invoices and credit memos dated before the date with something still open on them.
    case openBefore(String)
    /// Every document dated on or after the date.
    case from(String)

    /// Whether `document` is in the window.
    public func contains(_ document: BooksDocument) -> Bool {
        guard let date = document.date else { return false }
        switch self {
        case .openBefore(let cutover):
            return [.invoice, .creditMemo].contains(document.kind) && date < cutover && (document.openCents ?? document.totalCents ?? 0) > 0
        case .from(let cutover):
            return date >= cutover
        }
    }
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
    /// What is still open on an invoice (its balance) or a credit memo (its remaining credit).
    public var openCents: Int?

    public init(
        kind: BooksDocumentKind, id: String, syncToken: String?, number: String?, customerID: String?, date: String?,
        totalCents: Int?, live: Bool, marker: BooksMarker?, openCents: Int? = nil
    ) {
        self.openCents = openCents
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
