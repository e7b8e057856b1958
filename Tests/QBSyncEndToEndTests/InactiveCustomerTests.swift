import Foundation
import QBSyncCore
import QBSyncJSON
import Testing

/// A patient made inactive keeps their documents: a payment the OMS records for them later is
/// posted, the customer made active for it and inactive again at the end of the run.
struct InactiveCustomerTests {
    @Test func aNewPaymentForACustomerMadeInactiveEarlierPostsAndTheCustomerEndsInactive() async throws {
        let harness = try PipelineHarness()
        let oms = try OMSScenario(harness)
        let patient = try oms.patient()
        let sale = try oms.sale(patient: patient, cents: 12000).sale
        _ = try oms.payment(patient: patient, cents: 2000, sale: sale, applied: 2000)
        #expect(await harness.qbsync("run") == 0)
        try oms.setStatus(patient: patient, "inactive")
        #expect(await harness.qbsync("run") == 0)
        let ledger = try harness.openLedger()
        let customerID = try #require(try ledger.qboObject("customer patient:\(patient)")).qboID
        func customer() -> JSONValue? { harness.sandbox.objects("Customer").first { $0["Id"]?.stringValue == customerID } }
        #expect(customer()?["Active"] == false, "the second run makes the customer inactive")

        // Third run: only the new payment; the patient's record did not change.
        let payment = try oms.payment(patient: patient, cents: 5000, sale: sale, applied: 5000)
        let output = await harness.qbsyncOutput("run")
        #expect(output.code == 0, "\(output.err)")
        let states = try harness.ledgerStates()
        let paymentReason = try ledger.item("payment:\(payment)")?.message ?? "-"
        let patientReason = try ledger.item("patient:\(patient)")?.message ?? "-"
        #expect(states["payment:\(payment)"] == "synced", "\(paymentReason)")
        #expect(states["patient:\(patient)"] == "synced", "\(patientReason)")
        let posted = harness.sandbox.objects("Payment").filter { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" }
        #expect(posted.count == 1)
        #expect(posted.first?["TotalAmt"]?.centsValue == 5000)
        #expect(posted.first?["CustomerRef"]?["value"]?.stringValue == customerID)
        let invoiceID = try #require(try ledger.qboObject("invoice sale:\(sale) patient")).qboID
        let invoice = harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == invoiceID }
        #expect(invoice?["Balance"]?.centsValue == 12000 - 2000 - 5000)
        #expect(customer()?["Active"] == false, "the customer is inactive again at the end of the run")
        #expect(customer()?["Balance"]?.centsValue == 12000 - 2000 - 5000)

        // In order: made active before the payment, inactive again after it.
        let results = try FileStore.readJSON(harness.latestRun.appendingPathComponent("3-load/results.json"))["results"]?.arrayValue ?? []
        let customerWaves = results.filter { $0["key"]?.stringValue == "customer patient:\(patient)" && $0["status"] == "updated" }
            .compactMap { $0["wave"]?.intValue }.sorted()
        let paymentWave = results.first { $0["key"]?.stringValue == "payment payment:\(payment)" }?["wave"]?.intValue ?? 0
        #expect(customerWaves.count == 2 && customerWaves[0] < paymentWave && paymentWave < customerWaves[1], "\(customerWaves) \(paymentWave)")

        // Nothing changed since: the next run leaves the customer as it is.
        let quiet = await harness.qbsync("run")
        #expect(quiet == 0)
        #expect(customer()?["Active"] == false)
    }

    @Test func aPayerInactiveInTheOMSIsInvoicedAndMadeInactiveAfterItsDocuments() async throws {
        let harness = try PipelineHarness()
        let oms = try OMSScenario(harness)
        let payer = try oms.payer(active: false)
        let patient = try oms.patient()
        let (sale, line) = try oms.sale(patient: patient, cents: 30000)
        try oms.allocate(line: line, payer: payer, cents: 20000)
        let output = await harness.qbsyncOutput("run")
        #expect(output.code == 0, "\(output.err)")
        let ledger = try harness.openLedger()
        let states = try harness.ledgerStates()
        let saleReason = try ledger.item("sale:\(sale)")?.message ?? "-"
        #expect(states["sale:\(sale)"] == "synced", "\(saleReason)")
        #expect(states["payer:\(payer)"] == "synced")
        let invoiceID = try #require(try ledger.qboObject("invoice sale:\(sale) payer:\(payer)")).qboID
        #expect(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == invoiceID }?["TotalAmt"]?.centsValue == 20000)
        let customerID = try #require(try ledger.qboObject("customer payer:\(payer)")).qboID
        #expect(harness.sandbox.objects("Customer").first { $0["Id"]?.stringValue == customerID }?["Active"] == false)
    }

    @Test func aPatientActiveAgainInTheOMSIsActiveAgainInQuickBooks() async throws {
        let harness = try PipelineHarness()
        let oms = try OMSScenario(harness)
        let patient = try oms.patient()
        _ = try oms.sale(patient: patient, cents: 9000)
        #expect(await harness.qbsync("run") == 0)
        try oms.setStatus(patient: patient, "deceased")
        #expect(await harness.qbsync("run") == 0)
        let customerID = try #require(try harness.openLedger().qboObject("customer patient:\(patient)")).qboID
        func active() -> JSONValue? { harness.sandbox.objects("Customer").first { $0["Id"]?.stringValue == customerID }?["Active"] }
        #expect(active() == false)
        // Recorded as deceased by mistake: the front desk sets the patient active again.
        try oms.setStatus(patient: patient, "active")
        #expect(await harness.qbsync("run") == 0)
        #expect(active() == true)
        #expect(try harness.ledgerStates()["patient:\(patient)"] == "synced")
    }
}
