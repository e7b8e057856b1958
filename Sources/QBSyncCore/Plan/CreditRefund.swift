/// Money paid back to a customer out of a credit they hold: a return's credit memo, or what a
/// payment left unapplied. Income does not move: it fell once, when the credit was made.
public struct CreditRefund: Sendable, Equatable {
    /// Which credit the refund pays out.
    public enum Credit: Sendable, Equatable {
        /// The credit memo under this key (a return's).
        case creditMemo(ObjectKey)
        /// Whatever the customer's payments left unapplied (an overpayment, a cancelled deposit):
        /// which payment holds it is known only to QuickBooks, so the load finds it.
        case unappliedPayment
    }

    public var customer: ObjectKey
    /// The document number the transform claimed for it.
    public var number: String
    /// The OMS's own number for it, for the memo (`RF-12`).
    public var omsNumber: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var cents: Int
    public var credit: Credit
    /// The bank account the money leaves from.
    public var bankAccount: String
    public var paymentMethod: ObjectKey
    /// The location's class.
    public var classKey: ObjectKey
    /// The note that says which OMS record it came from (`qbsync refund:12`).
    public var note: String

    public init(
        customer: ObjectKey, number: String, omsNumber: String, date: String, cents: Int, credit: Credit, bankAccount: String,
        paymentMethod: ObjectKey, classKey: ObjectKey, note: String
    ) {
        (self.customer, self.number, self.omsNumber, self.date, self.cents) = (customer, number, omsNumber, date, cents)
        (self.credit, self.bankAccount, self.paymentMethod, self.classKey, self.note) = (credit, bankAccount, paymentMethod, classKey, note)
    }
}
