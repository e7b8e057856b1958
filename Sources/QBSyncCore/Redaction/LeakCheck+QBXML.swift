import Foundation
import QBSyncXML

/// The leak check over qbXML: every element's text and every attribute value of a request,
/// except ids (`ListID`, `TxnID`...: placeholders in the transform, QuickBooks's own ids once
/// the load filled them, never OMS data). The load calls `scanMessageSet` on the final bytes of
/// each set, placeholders resolved, just before the set leaves for the Web Connector.
extension LeakCheck {
    /// Findings in one request (`XxxRq`).
    public func scan(_ request: XMLTreeElement, location: String) -> [Finding] {
        var findings: [Finding] = []
        walk(request, path: location, into: &findings)
        return findings
    }

    /// Findings in a whole message set as it will be sent; a set that does not parse is refused
    /// (it would not reach QuickBooks anyway, and cannot be checked).
    public func scanMessageSet(_ bytes: [UInt8], location: String) throws -> [Finding] {
        let set = try QBXMLMessageSet.read(Data(bytes), file: location)
        return set.requests.flatMap { scan($0.element, location: "\(location) \($0.bId)") }
    }

    private func walk(_ element: XMLTreeElement, path: String, into findings: inout [Finding]) {
        let here = path + "/" + element.name
        guard !QBXMLPlaceholder.idElements.contains(element.name) || element.name == "AppliedAmount" else { return }
        for attribute in element.attributes where attribute.name != "useMacro" && attribute.name != "defMacro" {
            if let found = source(of: attribute.value) { findings.append(Finding(location: here + "@" + attribute.name, source: Self.unpack(found))) }
        }
        if element.children.isEmpty {
            if !element.text.isEmpty, let found = source(of: element.text) {
                findings.append(Finding(location: here, source: Self.unpack(found)))
            }
            return
        }
        for child in element.children { walk(child, path: here, into: &findings) }
    }
}
