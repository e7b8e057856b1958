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
    /// The `write`th write request QuickBooks sees answers 3175 (record in use) and changes
    /// nothing: the 3rd is in the load's first step (the accounts it creates), the 12th in a wave.
    @Test(arguments: [3, 12])
    func aRecordInUseIsSentAgainByTheNextUpdateWithoutAnyonesHelp(write: Int) async throws {
        let clinic = try DesktopNightClinic(patients: 12, days: 20, seed: 5)
        var faults = DesktopFaults()
        faults.recordInUseAt = write
        try clinic.open(faults: faults)
        defer { clinic.close() }
        let night = await clinic.qbsync("run", "--wait", "1200")
        let answers = clinic.harness.texts(under: clinic.harness.workspace.appendingPathComponent("webconnector-answers"))
        #expect(answers.contains { $0.1.contains("statusCode=\"3175\"") }, "the fault hit a write")
        #expect(night.code == 0, "\(night.out) \(night.err)")
        #expect(try clinic.harness.openLedger().items(in: .failed).map(\.ref) == [])
        let tieOut = DesktopTieOut(company: try clinic.snapshot(), oms: try OMSBooks(clinic.harness))
        #expect(tieOut.problems.isEmpty, "\(tieOut.problems.prefix(8))")
    }

    @Test func anInvoiceDeletedInQuickBooksIsExplainedInTheDesktopCataloguesWords() async throws {
        let clinic = try DesktopNightClinic(patients: 12, days: 20, seed: 5)
        try clinic.open()
        defer { clinic.close() }
        #expect(await clinic.qbsync("run", "--wait", "1200").code == 0)
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
        let second = await clinic.qbsync("run", "--wait", "1200")
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
