/// The names people read for what qbsync posts. The plan and the review speak Online's
/// entity names (`RefundReceipt`, `Payment`); a Desktop user meets other ones in QuickBooks
/// (a refund is an `ARRefundCreditCard`, a payment a `ReceivePayment`), so what a summary, a
/// status or a message shows is said in the edition's words.
extension Edition {
    /// `entity` (a plan or review entity) as this edition's user knows it. Online's names are
    /// its own and stay as they are.
    public func label(_ entity: String) -> String {
        guard self == .desktop else { return entity }
        switch entity {
        case "RefundReceipt": return "Refund (ARRefundCreditCard)"
        case "Payment": return "Payment (ReceivePayment)"
        case "PaymentMethod": return "Payment method"
        case "ItemService", "ItemNonInventory", "ItemOtherCharge": return "Item"
        default: return entity
        }
    }
}
