/// A credit (a credit memo) applied to a document (an invoice): up to `cents`, or when nil as
/// much as both still have open when the load reaches it.
public struct CreditApplication: Sendable, Equatable {
    public var customer: ObjectKey
    public var date: String
    public var document: ObjectKey
    public var credit: ObjectKey
    public var cents: Int?
    /// The number QuickBooks finds it by (`A` and the credit's number).
    public var reference: String
    public var note: String
}
