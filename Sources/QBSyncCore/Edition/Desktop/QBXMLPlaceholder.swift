import QBSyncXML

/// The placeholders a Desktop message set holds where QuickBooks has not given an id yet, as the
/// text of an id element. The load replaces each one when it hands the set out:
///
/// - `@<key>` in a `ListID` or `TxnID` (`<ListID>@customer patient:12</ListID>`): the object's id;
/// - `@editsequence <key>` in an `EditSequence`: its current EditSequence;
/// - `@open-balance` in an `AppliedAmount`: the smaller of what the invoice has open and what the
///   credit has left, as QuickBooks reports them;
/// - `@unapplied-payment <customer key>` in a `RefundAppliedToTxnAdd`'s `TxnID`: the customer's
///   payment whose unapplied rest covers the refund (none: the refund goes to manual entry).
///
/// A `TxnID` of a transaction an earlier request of the same set adds is written instead as
/// `useMacro="TxnID:<name>"` with that request's `defMacro` (`QBXMLMacros`), which QuickBooks
/// resolves itself. Accounts are named by `FullName` and need no placeholder.
public enum QBXMLPlaceholder {
    /// The elements whose text may be a placeholder.
    public static let idElements: Set<String> = ["ListID", "TxnID", "EditSequence", "CreditTxnID", "AppliedAmount"]

    /// `@customer patient:12`.
    static func id(_ key: ObjectKey) -> String { "@" + key.description }

    /// `@editsequence customer patient:12`.
    static func editSequence(_ key: ObjectKey) -> String { "@editsequence " + key.description }

    /// `@unapplied-payment customer patient:12`.
    static func unappliedPayment(of customer: ObjectKey) -> String { "@unapplied-payment " + customer.description }

    /// `@open-balance`.
    static let openBalance = "@open-balance"

    /// The placeholder's text without its `@` when `element` holds one, else nil.
    public static func placeholder(in element: XMLTreeElement) -> String? {
        guard idElements.contains(element.name), element.children.isEmpty, element.text.hasPrefix("@") else { return nil }
        return String(element.text.dropFirst())
    }

    /// `element` with every placeholder replaced by `resolve(text without @)` (left as is when nil).
    public static func map(_ element: XMLTreeElement, _ resolve: (String) -> String?) -> XMLTreeElement {
        var out = element
        if let placeholder = placeholder(in: element) {
            if let value = resolve(placeholder) { out.text = value }
            return out
        }
        out.children = element.children.map { map($0, resolve) }
        return out
    }

    /// Calls `found` with every placeholder in `element`, in document order.
    public static func visit(_ element: XMLTreeElement, _ found: (String) -> Void) {
        if let placeholder = placeholder(in: element) { return found(placeholder) }
        for child in element.children { visit(child, found) }
    }
}
