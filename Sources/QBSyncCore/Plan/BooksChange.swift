/// One change to the books in no edition's words: what a mapper makes of an OMS record. The
/// edition's renderer turns it into its wire (Online's JSON batch body, Desktop's qbXML), and
/// its reader turns a wire body back into one for the review and the checks.
public enum BooksChange: Sendable, Equatable {
    case customer(CustomerChange)
    case item(ItemChange)
    /// A class (a location), by name.
    case `class`(name: String)
    /// A payment method, by name, with the OMS's kind of it (`cash`, `check`, `card`, `eft`,
    /// `financing`, `other`): Online only asks whether it is a card, Desktop names its type.
    case paymentMethod(name: String, kind: String)
    /// An account qbsync needs of its own (the tax liability, the refund clearing account).
    case account(name: String, type: String)
    case invoice(SalesDocument)
    case creditMemo(SalesDocument)
    case refundReceipt(SalesDocument)
    /// What the OMS did when it refunded: money paid out of a credit the customer holds. The
    /// edition's rules say how it is booked (`EditionRules.refundsThroughClearing`): Online maps
    /// it to a refund receipt, a clearing invoice and an application instead, Desktop writes it
    /// as one credit-card refund linked to the credit.
    case creditRefund(CreditRefund)
    case payment(PaymentChange)
    case creditApplication(CreditApplication)
    /// Voids the document under the change's key (its amount becomes zero; it stays in the books).
    case void
    /// Deletes the document under the change's key.
    case delete
    /// Makes the customer under the change's key active (`true`) or inactive, nothing else.
    case activeFlag(Bool)
    /// No request: the change's key takes the QuickBooks id of `target`.
    case link(target: ObjectKey)
}
