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
    public init?(keyword: String) {
        guard let kind = Self.allCases.first(where: { $0.keyword == keyword }) else { return nil }
        self = kind
    }

    public var description: String { keyword }
}
