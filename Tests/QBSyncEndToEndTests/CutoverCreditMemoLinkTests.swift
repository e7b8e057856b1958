import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// A refund after the cutover of a return dated before it pays out a credit the bookkeeper
/// entered by hand: it is posted against that credit memo when exactly one fits (customer,
/// amount, number), and goes to the manual list saying what was searched when not.
struct CutoverCreditMemoLinkTests {
    /// A patient's sale and return the day before the cutover, and the refund of the return after it.
    struct Returned {
        var patient: Int
        var name: String
        var sale: Int
        var saleNumber: String
        var returnID: Int
        var returnNumber: String
        var refund: Int
    }

    static func returned(_ harness: PipelineHarness, cutover: String, index: Int) throws -> Returned {
        let scenario = try OMSScenario(harness)
        #expect(scenario.date >= cutover)
        let dayBefore = try harness.oms { db in try String.fetchOne(db, sql: "SELECT date(?, '-1 day')", arguments: [cutover])! }
        let patient = try scenario.patient()
        let (sale, line) = try scenario.sale(patient: patient, cents: 24_000)
        let returnID = try scenario.return(sale: sale, line: line, cents: 10_000)
        let queue = try DatabaseQueue(path: harness.omsURL.path)
        return try queue.write { db in
            try db.execute(sql: "UPDATE patients SET last_name = ? WHERE id = ?", arguments: ["Refundcase\(index)", patient])
            try db.execute(sql: "UPDATE sales SET sale_date = ? WHERE id = ?", arguments: [dayBefore, sale])
            try db.execute(sql: "UPDATE returns SET return_date = ? WHERE id = ?", arguments: [dayBefore, returnID])
            try db.execute(
                sql: """
                    INSERT INTO refunds (patient_id, location_id, method_id, return_id, refund_date, amount_cents, status, updated_at)
                    VALUES (?, ?, ?, ?, ?, 10000, 'active', '2030-01-01T09:00:00Z')
                    """,
                arguments: [patient, scenario.location, scenario.method, returnID, scenario.date])
            let refund = Int(db.lastInsertedRowID)
            try db.execute(
                sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('refund', ?, 'create', '2030-01-01T09:00:00Z', 'test')",
                arguments: [refund])
            return Returned(
                patient: patient, name: "Quintessa Refundcase\(index)", sale: sale,
                saleNumber: try String.fetchOne(db, sql: "SELECT number FROM sales WHERE id = ?", arguments: [sale])!, returnID: returnID,
                returnNumber: try String.fetchOne(db, sql: "SELECT number FROM returns WHERE id = ?", arguments: [returnID])!, refund: refund)
        }
    }

    @Test func aRefundOfAReturnBeforeTheCutoverLinksToTheCreditMemoEnteredByHandAndAnAmbiguousOneIsLeftForManualEntry() async throws {
        let probe = try PipelineHarness(patients: 40, days: 60, seed: 5)
        let cutover: String = try probe.oms { db in
            try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
        }
        let harness = try PipelineHarness(
            patients: 40, days: 60, seed: 5,
            pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"\n[redaction]\nenabled = false\ndisabled_by = \"cutover test\"")
        let linked = try Self.returned(harness, cutover: cutover, index: 0)
        let ambiguous = try Self.returned(harness, cutover: cutover, index: 1)
        let dayBefore = try harness.oms { db in try String.fetchOne(db, sql: "SELECT date(?, '-1 day')", arguments: [cutover])! }

        // The bookkeeper's books: each sale, and the return's credit: once, numbered, for the
        // first; twice over, unnumbered, for the second.
        let screens = try QuickBooksScreens(harness)
        var memoID = ""
        for (index, returned) in [linked, ambiguous].enumerated() {
            _ = try await screens.enterInvoice(customer: returned.name, number: returned.saleNumber, cents: 24_000, date: dayBefore)
            let customer = try #require(
                harness.sandbox.objects("Customer").first { $0["DisplayName"]?.stringValue == returned.name }?["Id"]?.stringValue)
            if index == 0 {
                memoID = try await screens.enterCreditMemo(customerID: customer, number: returned.returnNumber, cents: 10_000, date: dayBefore)
            } else {
                for _ in 0..<2 { _ = try await screens.enterCreditMemo(customerID: customer, number: nil, cents: 10_000, date: dayBefore) }
            }
        }

        let run = await harness.qbsyncOutput("run")
        #expect(run.code == 0, "\(run.out)\n\(run.err)")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))

        // The refund is posted and clears the credit memo the bookkeeper entered, adopted.
        let item = try #require(try ledger.item("refund:\(linked.refund)"))
        #expect(item.state == .synced, "\(item)")
        let adopted = try #require(try ledger.booksObject("creditmemo return:\(linked.returnID)"))
        #expect(adopted.remoteID == memoID)
        #expect(adopted.runID == "hand-entered")
        #expect(try ledger.item("return:\(linked.returnID)")?.code == "before-cutover")
        #expect(harness.sandbox.objects("RefundReceipt").contains { $0["PrivateNote"]?.stringValue == "qbsync refund:\(linked.refund)" })
        let memo = try #require(harness.sandbox.objects("CreditMemo").first { $0["Id"]?.stringValue == memoID })
        #expect(memo["RemainingCredit"]?.centsValue == 0, "\(memo)")
        #expect(memo["PrivateNote"]?.stringValue == nil)
        let early = harness.sandbox.objects("CreditMemo").filter { memo in
            memo["PrivateNote"]?.stringValue?.hasPrefix("qbsync ") == true && (memo["TxnDate"]?.stringValue ?? "") < cutover
        }
        #expect(early.isEmpty, "qbsync posted a credit memo dated before the cutover")

        // Two fit the second: its refund waits on the manual list, saying what was searched.
        let manual = try #require(try ledger.item("refund:\(ambiguous.refund)"))
        #expect(manual.state == .manual, "\(manual)")
        let message = manual.message ?? ""
        #expect(message.contains("return:\(ambiguous.returnID)") && message.contains("a credit memo entered by hand") && message.contains("found 2 that fit"), "\(message)")
        #expect(!harness.sandbox.objects("RefundReceipt").contains { $0["PrivateNote"]?.stringValue == "qbsync refund:\(ambiguous.refund)" })
    }

    @Test func aHandEnteredInvoiceAlreadyPaidInFullIsNotTakenForTheOneALaterPaymentSettles() async throws {
        let probe = try PipelineHarness(patients: 40, days: 60, seed: 5)
        let cutover: String = try probe.oms { db in
            try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
        }
        let harness = try PipelineHarness(
            patients: 40, days: 60, seed: 5,
            pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"\n[redaction]\nenabled = false\ndisabled_by = \"cutover test\"")
        let sale = try #require(try CutoverLinkTests.straddles(harness, cutover: cutover, count: 1).first)
        // The bookkeeper's books: the sale, unnumbered, and an older look-alike of the same
        // customer and amount that was paid in full before the cutover.
        let screens = try QuickBooksScreens(harness)
        let open = try await screens.enterInvoice(customer: sale.name, number: nil, cents: sale.cents, date: sale.date)
        let paid = try await screens.enterInvoice(customer: sale.name, number: nil, cents: sale.cents, date: sale.date)
        let customer = try #require(harness.sandbox.objects("Customer").first { $0["DisplayName"]?.stringValue == sale.name }?["Id"]?.stringValue)
        _ = try await screens.enterPayment(customerID: customer, cents: sale.cents, date: sale.date, invoiceID: paid)
        #expect(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == paid }?["Balance"]?.centsValue == 0)

        let run = await harness.qbsyncOutput("run")
        #expect(run.code == 0, "\(run.out)\n\(run.err)")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let item = try #require(try ledger.item("payment:\(sale.payment)"))
        #expect(item.state == .synced, "\(item)")
        #expect(try ledger.booksObject("invoice sale:\(sale.sale) patient")?.remoteID == open)
        #expect(try OpeningBalanceTests.applied(harness, payment: sale.payment, to: open))
    }
}
