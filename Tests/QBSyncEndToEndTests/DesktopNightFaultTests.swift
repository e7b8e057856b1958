import Foundation
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// What a Desktop clinic's nightly does with QuickBooks's own refusals, as the operator meets
/// them: a record someone has open is sent again by the next update without anyone's help
/// (issue 15's "retry next update"), and a failure is explained in the Desktop catalogue's words
/// (the ledger's message, `qbsync status`), not Online's nor qbsync's internal names.
struct DesktopNightFaultTests {
    @Test func anInvoiceDeletedInQuickBooksIsExplainedInTheDesktopCataloguesWords() async throws {
        let clinic = try DesktopClinic(patients: 12, days: 20, seed: 5)
        try clinic.open()
        defer { clinic.close() }
        #expect(await clinic.qbsync("run", "--wait", "300").code == 0)
        // A person deletes one of qbsync's patient invoices in QuickBooks; the OMS then edits that sale.
        let company = try clinic.snapshot()
        let invoice = try #require(
            company.invoices.first { !$0.isVoid && $0.marker != nil && company.customers[$0.customerID]?.companyName == nil })
        let sale = try #require(invoice.marker.flatMap { Int($0.dropFirst("qbsync sale:".count)) })
        let deleted = clinic.company.process(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <?qbxml version="13.0"?>
            <QBXML><QBXMLMsgsRq onError="stopOnError"><TxnDelRq requestID="by-hand"><TxnDelType>Invoice</TxnDelType><TxnID>\(invoice.txnID)</TxnID></TxnDelRq></QBXMLMsgsRq></QBXML>
            """)
        guard case .response(let text) = deleted, text.contains("statusCode=\"0\"") else {
            Issue.record("the invoice was not deleted by hand: \(deleted)")
            return
        }
        try OMSScenario(clinic.harness).raisePrice(sale: sale, by: 1_000)
        let second = await clinic.qbsync("run", "--wait", "300")
        #expect(second.code == 1, "\(second.err)")

        let item = try #require(try clinic.harness.openLedger().item("sale:\(sale)"))
        #expect(item.state == .failed && item.code == "3120")
        let message = item.message ?? ""
        // The Desktop catalogue's meaning and next step, with QuickBooks's own words; no Online advice, no internal names.
        #expect(message.contains("not in the company file") && message.contains("'qbsync manual sale:\(sale)'"), "\(message)")
        #expect(message.contains("cannot be found"), "\(message)")
        #expect(!message.contains("Correct what QuickBooks names") && !message.contains("targetMissing"), "\(message)")
        let status = try JSONParser.parse(await clinic.qbsync("status", "--json").out)
        let failed = status["failed"]?.arrayValue?.first { $0["ref"]?.stringValue == "sale:\(sale)" }
        #expect(failed?["title"]?.stringValue == "not found in QuickBooks", "\(String(describing: failed))")
        let show = await clinic.qbsync("show", "sale:\(sale)")
        #expect(show.out.contains("not in the company file") && !show.out.contains("Correct what QuickBooks names"), "\(show.out)")
    }
}
