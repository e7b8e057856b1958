import Foundation
import QBSyncJSON
import QBSyncXML

/// A Desktop request as the poster carries it: the poster moves bodies as `JSONValue`s, so a
/// qbXML request element (`InvoiceAddRq`...) travels as its own text under one member and is
/// read back as the same element. Keeping the text, not a JSON tree of it, keeps the bytes the
/// accountant approved exactly as they were.
public enum QBXMLBody {
    static let member = "qbxml"

    /// `request` as a poster body.
    public static func json(_ request: XMLTreeElement) -> JSONValue {
        [member: .string(XMLTreeWriter.write(request))]
    }

    /// The request element a poster body holds; nil when the body is not a Desktop request.
    public static func element(_ body: JSONValue) -> XMLTreeElement? {
        guard let text = body[member]?.stringValue, let document = try? XMLTreeReader.read(text) else { return nil }
        return document.root
    }

    /// The `XxxAdd`/`XxxMod` inside a request (`TxnVoidRq` and `TxnDelRq` hold their fields directly).
    static func payload(_ request: XMLTreeElement) -> XMLTreeElement {
        if request.name == "TxnVoidRq" || request.name == "TxnDelRq" { return request }
        return request.children.first ?? request
    }
}
