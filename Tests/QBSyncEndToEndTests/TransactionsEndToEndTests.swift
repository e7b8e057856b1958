import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// Every kind of OMS transaction over two runs (edits, voids and deletions in the second), checked
/// the way an accountant ties out: each invoice's balance against the OMS's open balance.
struct TransactionsEndToEndTests {
    /// The OMS's open balance per live invoice key (`invoice sale:S patient|payer:P`), computed as
    /// the OMS does: shares, less payments and write-offs, less return credits up to what is open.
    func omsOpenBalances(_ harness: PipelineHarness) throws -> [String: Int] {
        try harness.oms { db in
            var open: [String: Int] = [:]
            let lines = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id AS sale, l.id AS line, (l.quantity_milli * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.tax_cents AS total
                    FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.status = 'open'
                    """)
            for line in lines {
                let sale: Int = line["sale"]
                let allocations = try Row.fetchAll(
                    db, sql: "SELECT payer_id, amount_cents FROM sale_allocations WHERE sale_line_id = ?", arguments: [line["line"] as Int])
                var rest: Int = line["total"]
                for allocation in allocations {
                    open["invoice sale:\(sale) payer:\(allocation["payer_id"] as Int)", default: 0] += allocation["amount_cents"] as Int
                    rest -= allocation["amount_cents"] as Int
                }
                open["invoice sale:\(sale) patient", default: 0] += rest
            }
            func key(_ sale: Int, _ payer: Int?) -> String { "invoice sale:\(sale) \(payer.map { "payer:\($0)" } ?? "patient")" }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT a.sale_id, a.payer_id, a.amount_cents FROM payment_applications a JOIN payments p ON p.id = a.payment_id WHERE p.status = 'active'")
            {
                open[key(row["sale_id"], row["payer_id"]), default: 0] -= row["amount_cents"] as Int
            }
            for row in try Row.fetchAll(db, sql: "SELECT sale_id, payer_id, amount_cents FROM write_offs WHERE status = 'active'") {
                open[key(row["sale_id"], row["payer_id"]), default: 0] -= row["amount_cents"] as Int
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT r.sale_id, SUM(l.amount_cents) AS credit FROM returns r JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id ORDER BY r.id")
            {
                let invoice = key(row["sale_id"], nil)
                guard let balance = open[invoice] else { continue }
                open[invoice] = balance - min(row["credit"] as Int, max(0, balance))
            }
            return open
        }
    }

    @Test func invoiceBalancesPaymentsAndCreditsTieOutToTheOMSOverTwoRuns() async throws {
        let harness = try PipelineHarness(patients: 80, days: 120, seed: 3)
        _ = await harness.qbsync("run")
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 20, seed: 8)
        _ = await harness.qbsync("run")
        let second = try FileStore.readJSON(harness.latestRun.appendingPathComponent("3-load/results.json"))
        let statuses = Set((second["results"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue })
        #expect(statuses.contains("updated") || statuses.contains("voided") || statuses.contains("deleted"), "\(statuses)")

        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let failed = try ledger.items(in: .failed)
        let manual = try ledger.items(in: .manual)
        #expect(failed.isEmpty, "failed: \(failed.map { $0.message ?? $0.ref })")
        let kinds = Set(try ledger.items(in: .synced).map { $0.ref.split(separator: ":")[0] })
        #expect(kinds.isSuperset(of: ["patient", "payer", "item", "sale", "payment", "return", "refund", "write_off"]), "\(kinds)")

        // Sales whose money a manual item touches are the operator's to tie out.
        var untied: Set<Int> = []
        try harness.oms { db in
            for item in manual where item.ref.hasPrefix("payment:") {
                let id = Int(item.ref.dropFirst("payment:".count))!
                untied.formUnion(try Int.fetchAll(db, sql: "SELECT sale_id FROM payment_applications WHERE payment_id = ?", arguments: [id]))
            }
            for item in manual where item.ref.hasPrefix("return:") || item.ref.hasPrefix("write_off:") {
                let table = item.ref.hasPrefix("return:") ? "returns" : "write_offs"
                let id = Int(item.ref.split(separator: ":")[1])!
                untied.formUnion(try Int.fetchAll(db, sql: "SELECT sale_id FROM \(table) WHERE id = ?", arguments: [id]))
            }
        }
        let invoices = Dictionary(
            uniqueKeysWithValues: harness.sandbox.objects("Invoice").map { ($0["Id"]!.stringValue!, $0) })
        let expected = try omsOpenBalances(harness)
        var checked = 0
        for (key, open) in expected {
            let sale = Int(key.split(separator: " ")[1].dropFirst("sale:".count))!
            let known = try ledger.qboObject(key)
            guard !untied.contains(sale), open != 0 || known != nil else { continue }
            let object = try #require(known, "\(key) is not in QuickBooks")
            let invoice = try #require(invoices[object.qboID])
            #expect(invoice["Balance"]?.centsValue == open, "\(key): QuickBooks \(invoice["Balance"]?.numberLiteral ?? "-") vs OMS \(open)")
            checked += 1
        }
        #expect(checked > 20)

        // Every payment, credit memo and invoice in QuickBooks is one the ledger holds: nothing twice.
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt", "Customer"] {
            let inSandbox = harness.sandbox.objects(entity).compactMap { $0["Id"]?.stringValue }
            let inLedger = try ledger.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT qbo_id FROM qbo_objects WHERE qbo_type = ?", arguments: [entity])
            }
            #expect(Set(inSandbox) == Set(inLedger), "\(entity): sandbox \(inSandbox.count) vs ledger \(inLedger.count)")
        }
        // Payments carry their OMS amounts.
        let amounts: [Int: Int] = try harness.oms { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM payments WHERE status = 'active'").map {
                ($0["id"] as Int, $0["amount_cents"] as Int)
            })
        }
        for payment in harness.sandbox.objects("Payment") {
            guard let note = payment["PrivateNote"]?.stringValue, note.hasPrefix("qbsync payment:") else { continue }
            let id = Int(note.dropFirst("qbsync payment:".count))!
            guard !manual.contains(where: { $0.ref == "payment:\(id)" }) else { continue }
            #expect(payment["TotalAmt"]?.centsValue == amounts[id], "payment:\(id)")
        }
        // The run summary's totals agree to the cent.
        let summary = try FileStore.readJSON(harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        for (_, totals) in summary["totals_by_document"]?.objectValue ?? [:] {
            #expect(totals["difference"]?.centsValue == 0)
        }
        let byAccount = try #require(summary["totals_by_account"]?.objectValue)
        #expect(byAccount["Invoice"]?["Sales of Product Income"] != nil)
        for dimension in ["totals_by_account", "totals_by_class"] {
            for (_, names) in summary[dimension]?.objectValue ?? [:] {
                for (name, totals) in names.objectValue ?? [:] {
                    #expect(totals["difference"]?.centsValue == 0, "\(dimension) \(name)")
                }
            }
        }
    }
}
