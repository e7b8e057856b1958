/// One wire payload (an Online batch item's body, a Desktop qbXML request) read back into the
/// words no edition owns: what it is, whom it names, what it posts. Each edition has a reader
/// that makes it (`OnlineReader`, `DesktopReader`); the review, the tie-out and hand-edit
/// validation read nothing else, so a hand-edited file is judged as it now stands, and a third
/// edition is a reader, not a second review.
public struct ReadDocument: Sendable, Equatable {
    /// The review's word for the object (`Invoice`, `Payment`, `Customer`...): what plan.json
    /// calls it, whichever edition wrote the payload. A payload of an entity qbsync never
    /// writes keeps the edition's own word.
    public var entity: String
    /// What it is, when it is something qbsync plans (nil for a payload qbsync never writes).
    public var kind: DocumentKind?
    public var operation: OperationKind
    /// The object key it is for (`invoice sale:1042 patient`), when the caller knows it.
    public var key: String?
    /// The object's own id in QuickBooks, for a change to an object that exists.
    public var id: ReadReference?
    public var customer: ReadReference?
    /// The document's number (an invoice's, a credit memo's, a refund's); nil for a payment,
    /// whose number is its `reference`.
    public var number: String?
    /// A payment's reference number (the OMS payment it is, or a check number).
    public var reference: String?
    public var date: String?
    /// The class the whole document posts to, when the payload gives one.
    public var documentClass: ReadReference?
    /// The lines as written; nil when the payload has no lines at all (a total alone).
    public var lines: [ReadLine]?
    /// The total the payload states (a payment's), when it states one.
    public var totalCents: Int?
    public var depositAccount: ReadReference?
    /// What a payment pays, or what a credit is applied to.
    public var applications: [ReadApplication] = []
    public var paymentMethod: ReadReference?
    /// A list object's name (a customer's display name, an item's or a class's name).
    public var name: String?
    /// The active flag, when the payload sets it.
    public var active: Bool?
    /// An item's income account.
    public var incomeAccount: ReadReference?
    /// With the checks' detail: every text the payload carries where a person can read it (not
    /// ids), with where it is, for the leak check.
    public var texts: [ReadText] = []
    /// With the checks' detail: every `@key` the payload names in an id position, with where.
    public var placeholders: [ReadText] = []
    /// With the checks' detail: where an amount is not a number of dollars and cents (nor the
    /// load's own `@open-balance` where the load settles it).
    public var badAmounts: [String] = []

    public init(entity: String, kind: DocumentKind?, operation: OperationKind, key: String? = nil) {
        self.entity = entity
        self.kind = kind
        self.operation = operation
        self.key = key
    }

    /// What the document totals: its lines as they post, else the total it states.
    public var cents: Int? {
        guard let lines else { return totalCents }
        return lines.compactMap(\.postedCents).reduce(0, +)
    }

    /// What a payment brings in: the total it states, else what its applications add up to.
    public var paymentCents: Int {
        totalCents ?? applications.compactMap(\.cents).reduce(0, +)
    }
}

/// A reference as a payload writes it: a placeholder the load fills in (`@customer patient:12`,
/// `@account Services`) or an id of QuickBooks's own, typed by hand.
public enum ReadReference: Sendable, Equatable, Hashable {
    /// `customer patient:12`: the object this run or the ledger knows under that key.
    case key(String)
    /// An id QuickBooks gave (`58`, `80000001-1234567890`).
    case id(String)

    public init(_ value: String) {
        self = value.hasPrefix("@") ? .key(String(value.dropFirst())) : .id(value)
    }

    /// The reference as written: `@` and the key, or the id.
    public var value: String {
        switch self {
        case .key(let key): "@" + key
        case .id(let id): id
        }
    }
}

/// A text of a payload with where it is (`Invoice.PrivateNote`, `/InvoiceAddRq/InvoiceAdd/Memo`).
public struct ReadText: Sendable, Equatable {
    public var location: String
    public var text: String

    public init(_ location: String, _ text: String) {
        self.location = location
        self.text = text
    }
}

extension DocumentKind {
    /// The kind the review's word for an entity stands for (`Payment` is a payment, or a credit
    /// application when it sets a credit memo against an invoice); nil for an entity qbsync
    /// never writes.
    public init?(reviewEntity entity: String, appliesCredit: Bool = false) {
        switch entity {
        case "Customer": self = .customer
        case "Item": self = .item
        case "Class": self = .class
        case "PaymentMethod": self = .paymentMethod
        case "Account": self = .account
        case "Invoice": self = .invoice
        case "Payment": self = appliesCredit ? .creditApplication : .payment
        case "CreditMemo": self = .creditMemo
        case "RefundReceipt": self = .refundReceipt
        default: return nil
        }
    }
}
