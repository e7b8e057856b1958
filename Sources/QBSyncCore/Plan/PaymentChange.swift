/// Money received from a customer, applied to the invoices it pays; the rest stays unapplied.
public struct PaymentChange: Sendable, Equatable {
    public struct Application: Sendable, Equatable {
        public var invoice: ObjectKey
        public var cents: Int
        public init(invoice: ObjectKey, cents: Int) { (self.invoice, self.cents) = (invoice, cents) }
    }

    public var customer: ObjectKey
    public var totalCents: Int
    public var date: String
    public var applications: [Application]
    public var paymentMethod: ObjectKey
    public var depositAccount: String
    /// The number QuickBooks finds it by (`P77`).
    public var reference: String
    public var note: String
}
