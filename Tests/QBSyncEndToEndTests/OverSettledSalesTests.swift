import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// Sales the OMS settles more than fully (paid in full and also written off or returned), in
/// every order the runs can bring them in, and a payment raised after a credit took part of its
/// sale: every payment posts its whole amount, applies what fits, and the rest is a credit on
/// the customer, as an accountant ties it out against the OMS.
struct OverSettledSalesTests {
    /// One patient's sale and what settles it, and in which run each part arrives.
    struct Case {
        var name: String
        var patient = 0
        var sale = 0
        var line = 0
        var saleCents: Int
        /// Per OMS payment id: its amount now.
        var payments: [Int: Int] = [:]
        var credits = 0
    }

    /// The customer's open invoice and balance in QuickBooks must be the OMS's: the sale less
    /// what settles it, the invoice never below zero, the customer's credit whatever is over.
    func expectTiesOut(_ item: Case, _ harness: PipelineHarness, ledger: Ledger, run: String) throws {
        let settled = item.payments.values.reduce(0, +) + item.credits
        let invoiceKey = "invoice sale:\(item.sale) patient"
        let invoiceID = try #require(try ledger.qboObject(invoiceKey), "\(item.name): \(invoiceKey) is not in QuickBooks").qboID
        let invoice = try #require(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == invoiceID })
        #expect(invoice["Balance"]?.centsValue == max(0, item.saleCents - settled), "\(item.name) after \(run): invoice balance")
        let customerID = try #require(try ledger.qboObject("customer patient:\(item.patient)")).qboID
        let customer = try #require(harness.sandbox.objects("Customer").first { $0["Id"]?.stringValue == customerID })
        #expect(customer["Balance"]?.centsValue == item.saleCents - settled, "\(item.name) after \(run): customer balance")
        for (payment, cents) in item.payments {
            let posted = harness.sandbox.objects("Payment").filter { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" }
            #expect(posted.count == 1, "\(item.name): payment:\(payment) posted \(posted.count) times")
            #expect(posted.first?["TotalAmt"]?.centsValue == cents, "\(item.name) after \(run): payment:\(payment) TotalAmt")
        }
    }

    /// Runs the pipeline; every item of the run synced and the summary's totals equal.
    func run(_ harness: PipelineHarness, _ label: String) async throws -> String {
        let code = await harness.qbsync("run")
        let states = try harness.ledgerStates()
        let failed = states.filter { $0.value != "synced" && $0.value != "excluded" }.keys.sorted()
        let ledger = try harness.openLedger()
        let reasons = try failed.map { "\($0): \(try ledger.item($0)?.message ?? "-")" }
        #expect(failed.isEmpty, "\(label): \(reasons)")
        #expect(code == 0, "\(label) exited \(code)")
        let summary = try FileStore.readJSON(harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        for (entity, totals) in summary["totals_by_document"]?.objectValue ?? [:] {
            #expect(totals["difference"]?.centsValue == 0, "\(label): \(entity) OMS \(totals["oms"] ?? .null) vs QuickBooks \(totals["quickbooks"] ?? .null)")
        }
        return harness.latestRun.lastPathComponent
    }

    @Test func overSettledSalesKeepEveryPaymentWholeInEveryRunOrder() async throws {
        let harness = try PipelineHarness()
        let oms = try OMSScenario(harness)
        var cases: [Case] = []
        func start(_ name: String, cents: Int = 7999) throws -> Case {
            var item = Case(name: name, saleCents: cents)
            item.patient = try oms.patient()
            (item.sale, item.line) = try oms.sale(patient: item.patient, cents: cents)
            return item
        }
        // First run: the credit before the payment, the payment before the credit, both together.
        var writeOffFirst = try start("write-off, then payment")
        _ = try oms.writeOff(sale: writeOffFirst.sale, cents: 1680)
        writeOffFirst.credits = 1680
        var paymentBeforeWriteOff = try start("payment, then write-off")
        paymentBeforeWriteOff.payments[try oms.payment(patient: paymentBeforeWriteOff.patient, cents: 7999, sale: paymentBeforeWriteOff.sale, applied: 7999)] = 7999
        var writeOffWithPayment = try start("write-off and payment in one run")
        writeOffWithPayment.payments[try oms.payment(patient: writeOffWithPayment.patient, cents: 7999, sale: writeOffWithPayment.sale, applied: 7999)] = 7999
        _ = try oms.writeOff(sale: writeOffWithPayment.sale, cents: 1680)
        writeOffWithPayment.credits = 1680
        var returnFirst = try start("return, then payment")
        _ = try oms.return(sale: returnFirst.sale, line: returnFirst.line, cents: 1680)
        returnFirst.credits = 1680
        var paymentBeforeReturn = try start("payment, then return")
        paymentBeforeReturn.payments[try oms.payment(patient: paymentBeforeReturn.patient, cents: 7999, sale: paymentBeforeReturn.sale, applied: 7999)] = 7999
        var returnWithPayment = try start("return and payment in one run")
        returnWithPayment.payments[try oms.payment(patient: returnWithPayment.patient, cents: 7999, sale: returnWithPayment.sale, applied: 7999)] = 7999
        _ = try oms.return(sale: returnWithPayment.sale, line: returnWithPayment.line, cents: 1680)
        returnWithPayment.credits = 1680
        // A payment of 40 on a sale of 50 with a credit of 10 applied after it; raised to 50 later.
        var raisedAfterReturn = try start("payment raised after a return", cents: 5000)
        let raised = try oms.payment(patient: raisedAfterReturn.patient, cents: 4000, sale: raisedAfterReturn.sale, applied: 4000)
        raisedAfterReturn.payments[raised] = 4000
        _ = try oms.return(sale: raisedAfterReturn.sale, line: raisedAfterReturn.line, cents: 1000)
        raisedAfterReturn.credits = 1000
        var raisedAfterWriteOff = try start("payment raised after a write-off", cents: 5000)
        let raisedToo = try oms.payment(patient: raisedAfterWriteOff.patient, cents: 4000, sale: raisedAfterWriteOff.sale, applied: 4000)
        raisedAfterWriteOff.payments[raisedToo] = 4000
        _ = try oms.writeOff(sale: raisedAfterWriteOff.sale, cents: 1000)
        raisedAfterWriteOff.credits = 1000
        cases = [
            writeOffFirst, paymentBeforeWriteOff, writeOffWithPayment, returnFirst, paymentBeforeReturn, returnWithPayment,
            raisedAfterReturn, raisedAfterWriteOff,
        ]
        let first = try await run(harness, "the first run")
        let ledger = try harness.openLedger()
        for item in cases { try expectTiesOut(item, harness, ledger: ledger, run: first) }

        // Second run: the other halves, and the raised payments.
        writeOffFirst.payments[try oms.payment(patient: writeOffFirst.patient, cents: 7999, sale: writeOffFirst.sale, applied: 7999)] = 7999
        _ = try oms.writeOff(sale: paymentBeforeWriteOff.sale, cents: 1680)
        paymentBeforeWriteOff.credits = 1680
        returnFirst.payments[try oms.payment(patient: returnFirst.patient, cents: 7999, sale: returnFirst.sale, applied: 7999)] = 7999
        _ = try oms.return(sale: paymentBeforeReturn.sale, line: paymentBeforeReturn.line, cents: 1680)
        paymentBeforeReturn.credits = 1680
        try oms.editPayment(raised, cents: 5000, sale: raisedAfterReturn.sale, applied: 5000)
        raisedAfterReturn.payments[raised] = 5000
        try oms.editPayment(raisedToo, cents: 5000, sale: raisedAfterWriteOff.sale, applied: 5000)
        raisedAfterWriteOff.payments[raisedToo] = 5000
        cases = [
            writeOffFirst, paymentBeforeWriteOff, writeOffWithPayment, returnFirst, paymentBeforeReturn, returnWithPayment,
            raisedAfterReturn, raisedAfterWriteOff,
        ]
        let second = try await run(harness, "the second run")
        for item in cases { try expectTiesOut(item, harness, ledger: ledger, run: second) }
        let summary = try FileStore.readJSON(harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        let payments = try #require(summary["totals_by_document"]?["Payment"], "the second run posts payments")
        #expect(payments["oms"]?.centsValue == 2 * 7999, "\(payments)")
        #expect(payments["quickbooks"] == payments["oms"])
    }
}
