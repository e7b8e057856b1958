/// What qbsync keeps in QuickBooks, named apart from any edition's wire: each edition's renderer
/// says what a kind is called there (Online's `RefundReceipt`, Desktop's `ReceiptRefund`...).
/// The word each kind goes by in an object key (`invoice sale:1042 patient`) is its `keyword`.
public enum DocumentKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case customer
    case item
    case `class`
    case paymentMethod
    case account
    case invoice
    case payment
    case creditMemo
    case refundReceipt
    /// A credit memo applied to an invoice (on Online, a payment of zero linking both).
    case creditApplication

    /// The first word of an object key of this kind.
    public var keyword: String {
        switch self {
        case .customer: "customer"
        case .item: "item"
        case .class: "class"
        case .paymentMethod: "paymentmethod"
        case .account: "account"
        case .invoice: "invoice"
        case .payment: "payment"
        case .creditMemo: "creditmemo"
        case .refundReceipt: "refundreceipt"
        case .creditApplication: "application"
        }
    }

    /// The kind an object key's first word names.
    public init?(keyword: String) { self.init(keyword: Substring(keyword)) }

    /// The kind `keyword` names, matched without comparing it with every kind's word in turn.
    init?(keyword: Substring) {
        switch keyword {
        case "customer": self = .customer
        case "item": self = .item
        case "class": self = .class
        case "paymentmethod": self = .paymentMethod
        case "account": self = .account
        case "invoice": self = .invoice
        case "payment": self = .payment
        case "creditmemo": self = .creditMemo
        case "refundreceipt": self = .refundReceipt
        case "application": self = .creditApplication
        default: return nil
        }
    }

    public var description: String { keyword }
}
