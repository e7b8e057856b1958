import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

/// A Desktop company in a temporary folder, fed hand-written qbXML as the Web Connector would.
final class DesktopHarness {
    let folder: URL
    private(set) var company: DesktopCompany

    init(faults: DesktopFaults = DesktopFaults()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-desktop-\(UUID().uuidString)")
        company = try DesktopCompany(folder: folder, faults: faults)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A new company object on the same folder, as after a sandbox restart.
    func restart() throws { company = try DesktopCompany(folder: folder) }

    /// The message set around `requests`, as qbsync's renderer writes it.
    static func set(_ requests: String, onError: String = "stopOnError", attributes: String = "") -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <?qbxml version="13.0"?>
        <QBXML><QBXMLMsgsRq onError="\(onError)"\(attributes.isEmpty ? "" : " " + attributes)>
        \(requests)
        </QBXMLMsgsRq></QBXML>
        """
    }

    /// Sends a set and gives QuickBooks's answer as it came.
    func send(_ requests: String, onError: String = "stopOnError", attributes: String = "") -> DesktopAnswer {
        company.process(Self.set(requests, onError: onError, attributes: attributes))
    }

    /// Sends a set that must be answered, and gives its `QBXMLMsgsRs`.
    func answer(
        _ requests: String, onError: String = "stopOnError", attributes: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> XMLTreeElement {
        let answer = send(requests, onError: onError, attributes: attributes)
        guard case .response(let text) = answer else {
            Issue.record("the set was refused: \(answer)", sourceLocation: sourceLocation)
            return XMLTreeElement("QBXMLMsgsRs")
        }
        let document = try XMLTreeReader.read(text)
        #expect(document.instructionValue("qbxml", "version") == "13.0", sourceLocation: sourceLocation)
        return try #require(document.root.child("QBXMLMsgsRs"), sourceLocation: sourceLocation)
    }

    /// Sends a set in which every request must succeed; gives the answers in order.
    @discardableResult
    func ok(_ requests: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [XMLTreeElement] {
        let answers = try answer(requests, sourceLocation: sourceLocation).children
        for answer in answers where answer.attribute("statusCode") != "0" {
            Issue.record(
                "\(answer.name) answered \(answer.attribute("statusCode") ?? "?"): \(answer.attribute("statusMessage") ?? "")",
                sourceLocation: sourceLocation)
        }
        return answers
    }

    /// The first `…Ret` of the first answer (the usual shape of an Add's answer).
    func ret(_ requests: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLTreeElement {
        try #require(try ok(requests, sourceLocation: sourceLocation).first?.children.first, sourceLocation: sourceLocation)
    }

    /// Lists every QuickBooks customer, item and the rest the pipeline needs for a sale: an
    /// income account, a service item at 150.00, a class, a payment method and customer "Ann".
    func basics() throws {
        try ok(
            """
            <AccountAddRq><AccountAdd><Name>Sales</Name><AccountType>Income</AccountType></AccountAdd></AccountAddRq>
            <ItemServiceAddRq><ItemServiceAdd><Name>Exam</Name><SalesOrPurchase><Price>150.00</Price><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemServiceAdd></ItemServiceAddRq>
            <ClassAddRq><ClassAdd><Name>Main Street</Name></ClassAdd></ClassAddRq>
            <PaymentMethodAddRq><PaymentMethodAdd><Name>Visa</Name><PaymentMethodType>Visa</PaymentMethodType></PaymentMethodAdd></PaymentMethodAddRq>
            <CustomerAddRq><CustomerAdd><Name>Ann</Name></CustomerAdd></CustomerAddRq>
            """)
    }

    /// An invoice for Ann of one Exam line of `amount`; gives its TxnID.
    func invoice(_ amount: String, date: String = "2026-11-20", number: String = "A1") throws -> String {
        try ret(
            """
            <InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TxnDate>\(date)</TxnDate><RefNumber>\(number)</RefNumber>
            <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Quantity>1</Quantity><Amount>\(amount)</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>
            """
        ).text(of: "TxnID") ?? ""
    }

    /// The ret of a query for one transaction.
    func query(_ request: String, txnID: String) throws -> XMLTreeElement {
        try ret("<\(request)QueryRq><TxnID>\(txnID)</TxnID><IncludeLinkedTxns>true</IncludeLinkedTxns></\(request)QueryRq>")
    }
}
