import QBSyncJSON
import QBSyncXML

/// What the hand-edit checks and the leak check read of a qbXML request besides the books: its
/// texts (every element's text and attribute but ids, as the leak check walks a request), its
/// placeholders (the id elements that start with `@`) and its malformed amounts, each with the
/// element path an accountant finds in the file (`InvoiceAdd/InvoiceLineAdd/Amount`).
enum DesktopReaderDetail {
    /// Elements that hold an amount of money.
    static let amountElements: Set<String> = ["Amount", "TotalAmount", "PaymentAmount", "AppliedAmount", "RefundAmount"]

    static func collect(_ request: XMLTreeElement, into document: inout ReadDocument) {
        texts(request, path: nil, into: &document)
        walk(request, path: QBXMLBody.payload(request).name == request.name ? request.name : nil, into: &document)
    }

    /// The texts in the leak check's order, by their path from the request (`InvoiceAddRq/InvoiceAdd/Memo`).
    private static func texts(_ element: XMLTreeElement, path: String?, into document: inout ReadDocument) {
        let here = path.map { $0 + "/" + element.name } ?? element.name
        guard !QBXMLPlaceholder.idElements.contains(element.name) || element.name == "AppliedAmount" else { return }
        for attribute in element.attributes where attribute.name != "useMacro" && attribute.name != "defMacro" {
            document.texts.append(ReadText(here + "@" + attribute.name, attribute.value))
        }
        if element.children.isEmpty {
            if !element.text.isEmpty { document.texts.append(ReadText(here, element.text)) }
            return
        }
        for child in element.children { texts(child, path: here, into: &document) }
    }

    /// Placeholders and amounts, paths from the request's payload (`InvoiceAdd/CustomerRef/ListID`);
    /// `path` nil at the request element itself, which the path leaves out when it wraps a payload.
    private static func walk(_ element: XMLTreeElement, path: String?, into document: inout ReadDocument) {
        for child in element.children {
            let here = path.map { $0 + "/" + child.name } ?? child.name
            guard child.children.isEmpty else {
                walk(child, path: here, into: &document)
                continue
            }
            if QBXMLPlaceholder.idElements.contains(child.name), child.text.hasPrefix("@"), child.text != QBXMLPlaceholder.openBalance {
                document.placeholders.append(ReadText(here, String(child.text.dropFirst())))
            }
            if amountElements.contains(child.name), Money.cents(fromDecimalString: child.text) == nil,
                !(child.name == "AppliedAmount" && child.text == QBXMLPlaceholder.openBalance)
            {
                document.badAmounts.append(here)
            }
        }
    }
}
