import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncXML
import Testing

/// What a desktop pipeline's transform writes for the whole sample OMS is what QuickBooks Desktop
/// accepts and what the books must hold: fed set by set to the sandbox's company (which enforces
/// element order, lengths, names, references and balances), every request answers statusCode 0,
/// each invoice's balance is the OMS open balance for its sale and bill-to, payments carry their
/// OMS amounts and pay the right invoices, credit memos and refunds their OMS amounts.
struct DesktopCompanyAcceptanceTests {
    @Test func theSampleOMSsWholePlanIsAcceptedAndTiesOut() async throws {
        // The shipped pipelines/desktop.toml from its [quickbooks] table on: its accounts are a new company's.
        let shipped = try String(contentsOfFile: "pipelines/desktop.toml", encoding: .utf8)
        let settings = String(shipped[shipped.range(of: "[quickbooks]")!.lowerBound...])
        let harness = try PipelineHarness(patients: 40, days: 60, seed: 3, pipelineExtra: settings)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        let transformed = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transformed.code == 0, "\(transformed.err)")
        let transform = harness.latestRun.appendingPathComponent("2-transform")

        let company = try DesktopCompany(folder: nil)
        let feeder = DesktopSetFeeder(company: company)
        // The load's first step: the pipeline's income and write-off accounts a new company lacks.
        try feeder.createAccounts([("Sales", "Income"), ("Service Income", "Income"), ("Bad Debt", "Expense")])
        try feeder.feed(transform: transform)
        #expect(feeder.refusals.isEmpty, "\(feeder.refusals.prefix(10))")
        #expect(feeder.unsent.isEmpty, "\(feeder.unsent)")
        #expect(feeder.accepted > 100)

        // Each invoice's balance is the OMS's open balance for that sale and bill-to.
        let expected = try TransactionsEndToEndTests().omsOpenBalances(harness)
        var checked = 0
        for (key, open) in expected {
            guard let txnID = feeder.ids[key] else {
                #expect(open == 0, "\(key) is not in QuickBooks though the OMS has \(open) open")
                continue
            }
            let invoice = try #require(try feeder.query("InvoiceQuery", [.leaf("TxnID", txnID)]).first)
            #expect(Money.cents(fromDecimalString: invoice.text(of: "BalanceRemaining") ?? "") == open, "\(key)")
            checked += 1
        }
        #expect(checked > 20)

        // Payments carry the money received and pay the invoices the OMS applied them to.
        let payments: [Int: (cents: Int, sales: Set<Int>)] = try harness.oms { db in
            var out: [Int: (Int, Set<Int>)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM payments WHERE status = 'active'") {
                let sales = try Int.fetchAll(db, sql: "SELECT sale_id FROM payment_applications WHERE payment_id = ? AND amount_cents > 0", arguments: [row["id"] as Int])
                out[row["id"]] = (row["amount_cents"], Set(sales))
            }
            return out
        }
        var invoiceSale: [String: Int] = [:]
        for (key, id) in feeder.ids where key.hasPrefix("invoice sale:") {
            invoiceSale[id] = Int(key.split(separator: " ")[1].dropFirst("sale:".count))
        }
        var paymentsChecked = 0
        for (id, payment) in payments {
            guard let txnID = feeder.ids["payment payment:\(id)"] else { continue }
            let ret = try #require(try feeder.query("ReceivePaymentQuery", [.leaf("TxnID", txnID)]).first)
            #expect(Money.cents(fromDecimalString: ret.text(of: "TotalAmount") ?? "") == payment.cents, "payment:\(id)")
            let paid = Set(ret.children(named: "AppliedToTxnRet").compactMap { $0.text(of: "TxnID").flatMap { invoiceSale[$0] } })
            #expect(paid.isSubset(of: payment.sales), "payment:\(id) pays sales \(paid), the OMS \(payment.sales)")
            paymentsChecked += 1
        }
        #expect(paymentsChecked > 10)

        // Credit memos and refunds are their OMS amounts.
        let credits: [String: Int] = try harness.oms { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT r.id, SUM(l.amount_cents) AS cents FROM returns r JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id")
            {
                out["creditmemo return:\(row["id"] as Int)"] = row["cents"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM write_offs WHERE status = 'active'") {
                out["creditmemo write_off:\(row["id"] as Int)"] = row["amount_cents"]
            }
            return out
        }
        #expect(!credits.isEmpty)
        for (key, cents) in credits {
            let txnID = try #require(feeder.ids[key], "\(key) is not in QuickBooks")
            let memo = try #require(try feeder.query("CreditMemoQuery", [.leaf("TxnID", txnID)]).first)
            #expect(Money.cents(fromDecimalString: memo.text(of: "TotalAmount") ?? "") == cents, "\(key)")
        }
        let refunds: [Int: Int] = try harness.oms { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM refunds WHERE status = 'active'").map {
                ($0["id"] as Int, $0["amount_cents"] as Int)
            })
        }
        #expect(!refunds.isEmpty)
        for (id, cents) in refunds {
            let txnID = try #require(feeder.ids["refundreceipt refund:\(id)"], "refund:\(id) is not in QuickBooks")
            let refund = try #require(try feeder.query("ARRefundCreditCardQuery", [.leaf("TxnID", txnID)]).first)
            #expect(Money.cents(fromDecimalString: refund.text(of: "TotalAmount") ?? "") == cents, "refund:\(id)")
        }
    }
}
