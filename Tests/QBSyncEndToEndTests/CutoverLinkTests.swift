import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// A clinic whose bookkeeper typed its sales into QuickBooks by hand until `[sync] start_date`:
/// what settles such a sale later is posted against the invoice the bookkeeper entered, when
/// exactly one fits, and goes to the manual list saying what was searched when not.
struct CutoverLinkTests {
    /// A sale before the cutover billed to the patient alone, as the bookkeeper would have
    /// entered it by hand, and a payment of part of it received after the cutover.
    struct Straddle {
        var sale: Int
        var number: String
        var date: String
        var patient: Int
        var name: String
        var cents: Int
        var payment: Int
    }

    /// `count` new patients, each with a sale of its own the day before `cutover` and a payment
    /// of 50.00 of it on the OMS's last day.
    static func straddles(_ harness: PipelineHarness, cutover: String, count: Int) throws -> [Straddle] {
        let scenario = try OMSScenario(harness)
        #expect(scenario.date >= cutover)
        let dayBefore = try harness.oms { db in try String.fetchOne(db, sql: "SELECT date(?, '-1 day')", arguments: [cutover])! }
        var found: [Straddle] = []
        for index in 0..<count {
            let patient = try scenario.patient()
            let cents = 24_000 + 1_000 * index
            let sale = try scenario.sale(patient: patient, cents: cents).sale
            let name = "Quintessa Cutover\(index)"
            let number: String = try DatabaseQueue(path: harness.omsURL.path).write { db in
                try db.execute(sql: "UPDATE patients SET last_name = ? WHERE id = ?", arguments: ["Cutover\(index)", patient])
                try db.execute(sql: "UPDATE sales SET sale_date = ? WHERE id = ?", arguments: [dayBefore, sale])
                return try String.fetchOne(db, sql: "SELECT number FROM sales WHERE id = ?", arguments: [sale])!
            }
            let payment = try scenario.payment(patient: patient, cents: 5_000, sale: sale, applied: 5_000)
            found.append(Straddle(sale: sale, number: number, date: dayBefore, patient: patient, name: name, cents: cents, payment: payment))
        }
        return found
    }

    @Test func paymentsAfterTheCutoverLinkToTheInvoicesEnteredByHandAndAnAmbiguousOneIsLeftForManualEntry() async throws {
        // The cutover half way through the sample's days, so that many sales straddle it.
        let probe = try PipelineHarness(patients: 60, days: 90, seed: 5)
        let cutover: String = try probe.oms { db in
            try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
        }
        let harness = try PipelineHarness(
            patients: 60, days: 90, seed: 5,
            pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"\n[redaction]\nenabled = false\ndisabled_by = \"cutover test\"")
        let straddles = try Self.straddles(harness, cutover: cutover, count: 3)
        let (linked, ambiguous) = (Array(straddles.prefix(2)), straddles[2])

        // The bookkeeper's books: the two sales as she typed them, and the third twice over.
        let screens = try QuickBooksScreens(harness)
        var handEntered: [Int: String] = [:]
        for sale in linked {
            handEntered[sale.sale] = try await screens.enterInvoice(customer: sale.name, number: sale.number, cents: sale.cents, date: sale.date)
        }
        for _ in 0..<2 {
            _ = try await screens.enterInvoice(customer: ambiguous.name, number: nil, cents: ambiguous.cents, date: ambiguous.date)
        }
        let invoicesBefore = harness.sandbox.objects("Invoice").count

        let run = await harness.qbsyncOutput("run")
        #expect(run.code == 0, "\(run.out)\n\(run.err)")

        // Nothing qbsync posted is dated before the cutover.
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt"] {
            for object in harness.sandbox.objects(entity) where object["PrivateNote"]?.stringValue?.hasPrefix("qbsync ") == true {
                #expect((object["TxnDate"]?.stringValue ?? "") >= cutover, "\(entity) \(object["PrivateNote"]?.stringValue ?? "")")
            }
        }

        // Each later payment is applied to the invoice the bookkeeper entered, which keeps its lines.
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let payments = harness.sandbox.objects("Payment")
        for sale in linked {
            let invoiceID = try #require(handEntered[sale.sale])
            for payment in [sale.payment] {
                let item = try ledger.item("payment:\(payment)")
                #expect(item?.state == .synced, "\(String(describing: item))")
                let posted = try #require(payments.first { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" })
                let links = (posted["Line"]?.arrayValue ?? []).flatMap { $0["LinkedTxn"]?.arrayValue ?? [] }
                #expect(links.contains { $0["TxnId"]?.stringValue == invoiceID && $0["TxnType"]?.stringValue == "Invoice" }, "\(posted)")
            }
            let invoice = try #require(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == invoiceID })
            #expect(invoice["TotalAmt"]?.centsValue == sale.cents)
            #expect(invoice["PrivateNote"]?.stringValue == nil)
            #expect((invoice["Balance"]?.centsValue ?? sale.cents) < sale.cents, "\(invoice)")
            // The ledger keeps it as adopted, not posted; the sale stays out of synchronization.
            let adopted = try #require(try ledger.booksObject("invoice sale:\(sale.sale) patient"))
            #expect(adopted.remoteID == invoiceID)
            #expect(adopted.runID == "hand-entered")
            #expect(try ledger.item("sale:\(sale.sale)")?.code == "before-cutover")
            // The bookkeeper's customer is the one qbsync keeps: no second customer of the name.
            #expect(harness.sandbox.objects("Customer").filter { $0["DisplayName"]?.stringValue == sale.name }.count == 1)
        }
        // qbsync posted no invoice of its own for any sale before the cutover.
        let qbsyncInvoices = harness.sandbox.objects("Invoice").filter { $0["PrivateNote"]?.stringValue?.hasPrefix("qbsync ") == true }
        #expect(harness.sandbox.objects("Invoice").count == invoicesBefore + qbsyncInvoices.count)

        // Two hand-entered invoices fit the third sale: its payments wait on the manual list, saying so.
        for payment in [ambiguous.payment] {
            let item = try #require(try ledger.item("payment:\(payment)"))
            #expect(item.state == .manual, "\(item)")
            let message = item.message ?? ""
            #expect(message.contains("sale:\(ambiguous.sale)") && message.contains("found 2 that fit"), "\(message)")
            #expect(!payments.contains { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" })
        }

        // A later night: a new payment of a linked sale goes to the same invoice, adopted once.
        let first = linked[0]
        let late = try OMSScenario(harness).payment(patient: first.patient, cents: 2_000, sale: first.sale, applied: 2_000)
        let second = await harness.qbsyncOutput("run")
        #expect(second.code == 0, "\(second.out)\n\(second.err)")
        #expect(try ledger.item("payment:\(late)")?.state == .synced)
        let latePayment = try #require(harness.sandbox.objects("Payment").first { $0["PrivateNote"]?.stringValue == "qbsync payment:\(late)" })
        let lateLinks = (latePayment["Line"]?.arrayValue ?? []).flatMap { $0["LinkedTxn"]?.arrayValue ?? [] }
        #expect(lateLinks.contains { $0["TxnId"]?.stringValue == handEntered[first.sale] }, "\(latePayment)")
        #expect(try ledger.booksObject("invoice sale:\(first.sale) patient")?.remoteID == handEntered[first.sale])
        #expect(harness.sandbox.objects("Customer").filter { $0["DisplayName"]?.stringValue == first.name }.count == 1)
    }
}
