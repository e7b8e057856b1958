import Foundation
import GRDB
import QBSyncCore

/// What each customer owes per the OMS, worked out here from its tables alone (the tests'
/// oracle, not qbsync's code): the open balance at the cutover (each sale's share before it,
/// less what was paid, returned or written off before it, never below zero) and the change
/// since (sales, payments, returns, write-offs and refunds dated on or after it that qbsync
/// synced), by customer key (`customer patient:5`).
struct OpeningBalanceOracle {
    let cutover: String
    /// Open at the cutover.
    var opening: [String: Int] = [:]
    /// Activity since the cutover, of the records qbsync synced.
    var since: [String: Int] = [:]

    init(_ harness: PipelineHarness, cutover: String, synced: Set<String>) throws {
        self.cutover = cutover
        var opening: [String: Int] = [:]
        var since: [String: Int] = [:]
        try harness.oms { db in
            // Each sale's share per bill-to: "sale|payer" (payer 0: the patient).
            var share: [String: (customer: String, date: String, cents: Int)] = [:]
            let lines = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id AS sale, s.patient_id AS patient, s.sale_date AS date, l.id AS line,
                        (l.quantity_milli * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.tax_cents AS total
                    FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.status = 'open'
                    """)
            for line in lines {
                let sale: Int = line["sale"]
                let date: String = line["date"]
                var rest: Int = line["total"]
                for allocation in try Row.fetchAll(
                    db, sql: "SELECT payer_id, amount_cents FROM sale_allocations WHERE sale_line_id = ?", arguments: [line["line"] as Int])
                {
                    let payer: Int = allocation["payer_id"]
                    share["\(sale)|\(payer)", default: ("customer payer:\(payer)", date, 0)].cents += allocation["amount_cents"] as Int
                    rest -= allocation["amount_cents"] as Int
                }
                share["\(sale)|0", default: ("customer patient:\(line["patient"] as Int)", date, 0)].cents += rest
            }
            func before(_ date: String) -> Bool { date < cutover }
            // Only a sale before the cutover had its share reduced by what was dated before it:
            // a sale after it is posted whole.
            func reduce(_ key: String, by cents: Int) {
                guard let entry = share[key], before(entry.date) else { return }
                share[key]!.cents -= cents
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.sale_id, COALESCE(a.payer_id, 0) AS payer, a.amount_cents, p.received_date FROM payment_applications a
                    JOIN payments p ON p.id = a.payment_id WHERE p.status = 'active'
                    """) where before(row["received_date"])
            {
                reduce("\(row["sale_id"] as Int)|\(row["payer"] as Int)", by: row["amount_cents"])
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT sale_id, COALESCE(payer_id, 0) AS payer, amount_cents, write_off_date FROM write_offs WHERE status = 'active'")
            where before(row["write_off_date"]) {
                reduce("\(row["sale_id"] as Int)|\(row["payer"] as Int)", by: row["amount_cents"])
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT r.sale_id, r.return_date, SUM(l.amount_cents) AS credit FROM returns r JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id")
            where before(row["return_date"]) {
                reduce("\(row["sale_id"] as Int)|0", by: row["credit"])
            }
            for entry in share.values where before(entry.date) {
                opening[entry.customer, default: 0] += max(0, entry.cents)
            }
            // Since the cutover: what was synced moves the customer's balance.
            for (key, entry) in share where !before(entry.date) && synced.contains("sale:" + key.split(separator: "|")[0]) {
                since[entry.customer, default: 0] += entry.cents
            }
            func customer(_ row: Row) -> String {
                if let patient = row["patient_id"] as Int? { return "customer patient:\(patient)" }
                return "customer payer:\(row["payer_id"] as Int)"
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, patient_id, payer_id, amount_cents, received_date FROM payments WHERE status = 'active'")
            where !before(row["received_date"]) && synced.contains("payment:\(row["id"] as Int)") {
                since[customer(row), default: 0] -= row["amount_cents"] as Int
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, s.patient_id, r.return_date, SUM(l.amount_cents) AS credit FROM returns r JOIN sales s ON s.id = r.sale_id
                    JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id
                    """) where !before(row["return_date"]) && synced.contains("return:\(row["id"] as Int)")
            {
                since["customer patient:\(row["patient_id"] as Int)", default: 0] -= row["credit"] as Int
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT w.id, s.patient_id, w.payer_id, w.amount_cents, w.write_off_date FROM write_offs w JOIN sales s ON s.id = w.sale_id WHERE w.status = 'active'")
            where !before(row["write_off_date"]) && synced.contains("write_off:\(row["id"] as Int)") {
                // A third party's write-off is its own; the patient's share's, the patient's.
                let customer = (row["payer_id"] as Int?).map { "customer payer:\($0)" } ?? "customer patient:\(row["patient_id"] as Int)"
                since[customer, default: 0] -= row["amount_cents"] as Int
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, patient_id, payer_id, amount_cents, refund_date FROM refunds WHERE status = 'active'")
            where !before(row["refund_date"]) && synced.contains("refund:\(row["id"] as Int)") {
                since[customer(row), default: 0] += row["amount_cents"] as Int
            }
        }
        self.opening = opening
        self.since = since
    }

    /// What the customer owes now: its balance at the cutover and what changed since.
    func owed(_ customer: String) -> Int { (opening[customer] ?? 0) + (since[customer] ?? 0) }

    /// Every customer the OMS says owes something or moved since the cutover.
    var customers: Set<String> { Set(opening.keys).union(since.keys) }
}
