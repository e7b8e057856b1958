/// An invoice, a credit memo or a refund receipt to one customer.
public struct SalesDocument: Sendable, Equatable {
    public var customer: ObjectKey
    /// The document number the transform claimed for it.
    public var number: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var dueDate: String?
    public var lines: [SalesLineChange]
    /// The note that says which OMS record it came from (`qbsync sale:1042`).
    public var note: String
    /// The OMS's own number for the document (`INV-2025-00283`, `INV-2025-00283-T4`, `WO-7`), which
    /// an edition whose numbers are short codes writes in the memo beside `note`.
    public var omsNumber: String?
    /// A refund receipt's bank account and payment method.
    public var depositAccount: String?
    public var paymentMethod: ObjectKey?

    public init(customer: ObjectKey, number: String, date: String, lines: [SalesLineChange], note: String) {
        (self.customer, self.number, self.date, self.lines, self.note) = (customer, number, date, lines, note)
    }

    /// What the lines add up to.
    public var cents: Int { lines.reduce(0) { $0 + $1.cents } }
}

/// One line of a sales document: an item, the location's class, an amount in cents and, when
/// the amount is exactly their product, the quantity (thousandths) and unit price.
public struct SalesLineChange: Sendable, Equatable {
    public var item: ObjectKey
    public var classKey: ObjectKey
    public var cents: Int
    public var quantityMilli: Int?
    public var unitPriceCents: Int?

    public init(item: ObjectKey, classKey: ObjectKey, cents: Int, quantityMilli: Int? = nil, unitPriceCents: Int? = nil) {
        (self.item, self.classKey, self.cents, self.quantityMilli, self.unitPriceCents) = (item, classKey, cents, quantityMilli, unitPriceCents)
    }
}
