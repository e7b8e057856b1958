import QBSyncJSON
import QBSyncXML

/// What a Desktop request says about its object, in one form whether it is the Add that made
/// the object or a Mod that changed it: the SHA-256 the ledger keeps after a load and the
/// transform compares before planning a Mod, so an object nothing changed in is not sent again.
/// The object's own id, its EditSequence and line ids are left out (QuickBooks gives them), a
/// Mod's element names are read as the Add's, and `IsAutoApply` (Add only, always false) is
/// dropped; references to other objects (`CustomerRef/ListID`) stay.
enum QBXMLFingerprint {
    static func of(_ request: XMLTreeElement) -> String {
        var request = canonical(request, depth: 0)
        request.attributes = []
        return SHA256.hex(XMLTreeWriter.write(request))
    }

    /// `element` at `depth` (0: the request, 1: its Add or Mod) in the Add's words.
    private static func canonical(_ element: XMLTreeElement, depth: Int) -> XMLTreeElement {
        var element = element
        element.name = addName(element.name)
        element.line = 0
        element.column = 0
        element.children = element.children.compactMap { child in
            if depth == 1, ["ListID", "TxnID", "EditSequence", "IsAutoApply"].contains(child.name) { return nil }
            if child.name == "TxnLineID" { return nil }
            return canonical(child, depth: depth + 1)
        }
        return element
    }

    /// `CustomerModRq` -> `CustomerAddRq`, `InvoiceLineMod` -> `InvoiceLineAdd`,
    /// `SalesOrPurchaseMod` -> `SalesOrPurchase`; other names as they are.
    private static func addName(_ name: String) -> String {
        if name.hasSuffix("ModRq") { return String(name.dropLast(5)) + "AddRq" }
        guard name.hasSuffix("Mod") else { return name }
        let stem = String(name.dropLast(3))
        return stem.hasPrefix("Sales") && stem.hasSuffix("Purchase") ? stem : stem + "Add"
    }
}
