import Foundation
import QBSyncCore
import QBSyncJSON
import QBSyncXML
import Testing

/// Issue 15's first "Done when": the whole pipeline on a desktop pipeline, two nightlies
/// (`qbsync run`) through the Web Connector over real HTTP on loopback, the second carrying
/// new sales, edits of posted sales, a void, a deleted payment, a return with its refund, a
/// write-off and a third party's share. The sandbox's company, read from its folder, ties out to
/// the OMS after each run, and each run's summary totals equal the documents it added.
struct DesktopTwoRunsTests {
    @Test func twoNightliesWithEditsVoidsAndDeletionsTieOutToTheOMSThroughTheWebConnector() async throws {
        let clinic = try DesktopNightClinic(patients: 24, days: 40, seed: 23)
        try clinic.open()
        defer { clinic.close() }
        let seeded = try DesktopSecondRun.seed(clinic.harness)

        let first = await clinic.qbsync("run", "--wait", "1200")
        #expect(first.code == 0, "\(first.err)")
        let firstRun = clinic.harness.runID
        let afterFirst = try clinic.snapshot()
        try Self.expectTiesOut(clinic, afterFirst, "after the first run")

        let changes = try seeded.apply(to: clinic.harness)
        let second = await clinic.qbsync("run", "--wait", "1200")
        #expect(second.code == 0, "\(second.err)")
        let secondRun = clinic.harness.runID
        #expect(secondRun != firstRun)
        let afterSecond = try clinic.snapshot()
        try Self.expectTiesOut(clinic, afterSecond, "after the second run")

        // What the second run changed is in the company as the OMS has it.
        let voided = afterSecond.invoices.filter { $0.marker == "qbsync sale:\(changes.voided)" }
        #expect(!voided.isEmpty && voided.allSatisfy { $0.isVoid && $0.totalCents == 0 && $0.memo.hasPrefix("VOID:") })
        #expect(afterFirst.payments.contains { $0.marker == "qbsync payment:\(changes.deletedPayment)" })
        #expect(!afterSecond.payments.contains { $0.marker == "qbsync payment:\(changes.deletedPayment)" })
        #expect(afterSecond.refunds.contains { $0.marker == "qbsync refund:\(changes.refund)" })
        #expect(afterSecond.creditMemos.contains { $0.marker == "qbsync return:\(changes.returned)" })
        #expect(afterSecond.invoices.filter { $0.marker == "qbsync sale:\(changes.payerSale)" }.count == 2, "the patient's and the third party's invoice")
        for sale in [changes.editedLines, changes.raisedPrice] {
            let before = afterFirst.invoices.first { $0.marker == "qbsync sale:\(sale)" }
            let after = afterSecond.invoices.first { $0.marker == "qbsync sale:\(sale)" }
            #expect(before != nil && after != nil && before?.totalCents != after?.totalCents, "sale:\(sale)'s edit reached its invoice")
        }

        // Each run's summary, and `qbsync status`, against what the company gained during it.
        for (run, before, after) in [(firstRun, nil, afterFirst), (secondRun, afterFirst, afterSecond)] {
            let totals = DesktopRunTotals(summary: try clinic.summary(run), before: before, after: after, run: run)
            #expect(totals.problems.isEmpty, "\(totals.problems)")
        }
        let status = await clinic.qbsync("status", "--json")
        let report = try JSONParser.parse(status.out)
        #expect(report["last_run"]?["id"]?.stringValue == secondRun)
        #expect(report["last_run"]?["totals_by_document"] == (try clinic.summary(secondRun))["totals_by_document"])
    }

    /// The company against the OMS as it is now; the company's own answers agree with its folder.
    static func expectTiesOut(
        _ clinic: DesktopNightClinic, _ company: DesktopCompanySnapshot, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let tieOut = DesktopTieOut(company: company, oms: try OMSBooks(clinic.harness))
        #expect(tieOut.problems.isEmpty, "\(context): \(tieOut.problems.prefix(12))", sourceLocation: sourceLocation)
        #expect(tieOut.invoicesChecked >= 10, "\(context): only \(tieOut.invoicesChecked) invoices", sourceLocation: sourceLocation)
        // The folder is read as QuickBooks itself answers: each invoice's BalanceRemaining.
        let answers = DesktopCompanyTransport(company: clinic.company)
        for invoice in company.invoices {
            let ret = try answers.query("InvoiceQuery", [.leaf("TxnID", invoice.txnID)]).first
            #expect(
                ret?.text(of: "BalanceRemaining").flatMap(Money.cents(fromDecimalString:)) == company.balance(of: invoice),
                "\(context): invoice \(invoice.txnID)", sourceLocation: sourceLocation)
        }
    }
}
