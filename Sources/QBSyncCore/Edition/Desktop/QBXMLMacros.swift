import QBSyncXML

/// Macros within one message set (`../shared/qbd-api.md` section 3): an InvoiceAdd,
/// CreditMemoAdd, ReceivePaymentAdd or ARRefundCreditCardAdd names its new TxnID with
/// `defMacro="TxnID:<name>"`, and a later request of the same set uses it with
/// `useMacro="TxnID:<name>"` on an empty element, only in `AppliedToTxnAdd/TxnID`,
/// `SetCredit/CreditTxnID` and `RefundAppliedToTxnAdd/TxnID`. Anywhere else, and for what an
/// earlier set added, the placeholder stays for the load.
enum QBXMLMacros {
    static let definers: Set<String> = ["InvoiceAdd", "CreditMemoAdd", "ReceivePaymentAdd", "ARRefundCreditCardAdd"]
    /// (parent, element) pairs whose text may be a macro.
    static let users: Set<[String]> = [["AppliedToTxnAdd", "TxnID"], ["SetCredit", "CreditTxnID"], ["RefundAppliedToTxnAdd", "TxnID"]]

    /// `TxnID:creditmemo_return_30`: the key with everything but letters and digits as `_`.
    static func name(_ key: String) -> String {
        "TxnID:" + String(key.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func apply(to requests: inout [QBXMLMessageSet.Request], keys: [String]) {
        var defined: [String: Int] = [:]
        var used: Set<Int> = []
        for index in requests.indices {
            requests[index].element = replace(requests[index].element, parent: nil, defined: defined, used: &used)
            if let body = requests[index].element.children.first, definers.contains(body.name) { defined[keys[index]] = index }
        }
        for index in used.sorted() {
            requests[index].element.children[0].attributes.append(.init("defMacro", name(keys[index])))
        }
    }

    private static func replace(_ element: XMLTreeElement, parent: String?, defined: [String: Int], used: inout Set<Int>) -> XMLTreeElement {
        if let parent, users.contains([parent, element.name]), let placeholder = QBXMLPlaceholder.placeholder(in: element),
            let index = defined[placeholder]
        {
            used.insert(index)
            return XMLTreeElement(element.name, attributes: [.init("useMacro", name(placeholder))])
        }
        var out = element
        out.children = element.children.map { replace($0, parent: element.name, defined: defined, used: &used) }
        return out
    }
}
