import Foundation
import GRDB

@testable import QBSyncCore

/// Reads a generated OMS database back and lists every breach of the contract's invariants, the
/// way a reviewer would check them by hand: money never over-applied, bill-tos well formed, the
/// change feed ordered and pointing at rows that exist. Rows in `broken` are left out.
struct SampleDatabaseAudit {
    let queue: DatabaseQueue
    let broken: Set<String>

    init(path: String, broken: [String] = []) throws {
        var configuration = Configuration()
        configuration.readonly = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        self.broken = Set(broken)
    }

    /// Every breach found, as readable sentences (empty when all holds).
    func breaches() throws -> [String] {
        try queue.read { db in
            var found: [String] = []
            found += try moneyBreaches(db)
            found += try billToBreaches(db)
            found += try changeLogBreaches(db)
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                found.append("\(row[0] as String) row \(row[1] as Int? ?? 0) points at a missing \(row[2] as String) row")
            }
            return found
        }
    }

    /// A line's total: quantity x price rounded half away from zero, less discount, plus tax.
    static let lineTotal = "((l.quantity_milli * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.tax_cents)"

    private func moneyBreaches(_ db: Database) throws -> [String] {
        var found: [String] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT l.sale_id, l.id, \(Self.lineTotal) AS total, SUM(a.amount_cents) AS allocated
            FROM sale_lines l JOIN sale_allocations a ON a.sale_line_id = l.id
            GROUP BY l.id HAVING allocated > total OR MIN(a.amount_cents) <= 0
            """) where !broken.contains("sale:\(row["sale_id"] as Int)") {
            found.append("sale line \(row["id"] as Int) allocates \(row["allocated"] as Int) of \(row["total"] as Int)")
        }
        // Per sale and bill-to: payments applied plus write-offs never exceed that bill-to's share.
        for row in try Row.fetchAll(db, sql: """
            WITH shares AS (
                SELECT l.sale_id, NULL AS payer_id,
                       SUM(\(Self.lineTotal)) - COALESCE(SUM((SELECT SUM(amount_cents) FROM sale_allocations
                                                            WHERE sale_line_id = l.id)), 0) AS share
                FROM sale_lines l GROUP BY l.sale_id
                UNION ALL
                SELECT l.sale_id, a.payer_id, SUM(a.amount_cents)
                FROM sale_allocations a JOIN sale_lines l ON l.id = a.sale_line_id GROUP BY l.sale_id, a.payer_id),
            used AS (
                SELECT pa.sale_id, pa.payer_id, pa.amount_cents AS amount, 'payment:' || p.id AS ref
                FROM payment_applications pa JOIN payments p ON p.id = pa.payment_id WHERE p.status = 'active'
                UNION ALL
                SELECT sale_id, payer_id, amount_cents, 'write_off:' || id FROM write_offs WHERE status = 'active')
            SELECT s.sale_id, s.payer_id, s.share, SUM(u.amount) AS used, GROUP_CONCAT(u.ref) AS refs
            FROM shares s JOIN used u ON u.sale_id = s.sale_id AND u.payer_id IS s.payer_id
            GROUP BY s.sale_id, s.payer_id HAVING used > share
            """) {
            let refs = (row["refs"] as String).split(separator: ",").map(String.init)
            guard !refs.contains(where: broken.contains), !broken.contains("sale:\(row["sale_id"] as Int)") else { continue }
            found.append("sale \(row["sale_id"] as Int) bill-to \(row["payer_id"] as Int? ?? 0) has \(row["used"] as Int) applied of \(row["share"] as Int)")
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT p.id FROM payments p JOIN payment_applications pa ON pa.payment_id = p.id
            GROUP BY p.id HAVING SUM(pa.amount_cents) > MAX(p.amount_cents) OR MIN(pa.amount_cents) <= 0
            """) {
            found.append("payment \(row["id"] as Int) applies more than it received")
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT l.id, \(Self.lineTotal) AS total, l.quantity_milli, SUM(r.amount_cents) AS credited,
                   SUM(r.quantity_milli) AS quantity
            FROM return_lines r JOIN returns ret ON ret.id = r.return_id AND ret.status = 'open'
            JOIN sale_lines l ON l.id = r.sale_line_id
            GROUP BY l.id HAVING credited > total OR quantity > l.quantity_milli
            """) {
            found.append("sale line \(row["id"] as Int) is credited \(row["credited"] as Int) by returns of \(row["total"] as Int)")
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT ret.id FROM refunds f JOIN returns ret ON ret.id = f.return_id
            WHERE f.status = 'active' GROUP BY ret.id
            HAVING SUM(f.amount_cents) > (SELECT SUM(amount_cents) FROM return_lines WHERE return_id = ret.id)
            """) {
            found.append("return \(row["id"] as Int) is refunded more than it credited")
        }
        // Money paid back never exceeds what the customer had on account: payments not applied
        // plus return credits.
        for row in try Row.fetchAll(db, sql: """
            WITH credit AS (
                SELECT 'patient:' || patient_id AS who, amount_cents - COALESCE((SELECT SUM(amount_cents)
                       FROM payment_applications WHERE payment_id = p.id), 0) AS amount
                FROM payments p WHERE status = 'active' AND patient_id IS NOT NULL AND payer_id IS NULL
                UNION ALL
                SELECT 'payer:' || payer_id, amount_cents - COALESCE((SELECT SUM(amount_cents)
                       FROM payment_applications WHERE payment_id = p.id), 0)
                FROM payments p WHERE status = 'active' AND payer_id IS NOT NULL AND patient_id IS NULL
                UNION ALL
                SELECT 'patient:' || s.patient_id, r.amount_cents
                FROM return_lines r JOIN returns ret ON ret.id = r.return_id AND ret.status = 'open'
                JOIN sales s ON s.id = ret.sale_id),
            refunded AS (
                SELECT COALESCE('patient:' || patient_id, 'payer:' || payer_id) AS who, SUM(amount_cents) AS amount
                FROM refunds WHERE status = 'active' GROUP BY who)
            SELECT f.who, f.amount AS refunded, (SELECT SUM(amount) FROM credit c WHERE c.who = f.who) AS credit
            FROM refunded f WHERE f.amount > COALESCE((SELECT SUM(amount) FROM credit c WHERE c.who = f.who), 0)
            """) {
            found.append("\(row["who"] as String) was refunded \(row["refunded"] as Int) with \(row["credit"] as Int? ?? 0) on account")
        }
        return found
    }

    private func billToBreaches(_ db: Database) throws -> [String] {
        var found: [String] = []
        for table in ["payments", "refunds"] {
            let entity = table == "payments" ? "payment" : "refund"
            for id in try Int.fetchAll(db, sql: "SELECT id FROM \(table) WHERE (patient_id IS NULL) = (payer_id IS NULL)")
            where !broken.contains("\(entity):\(id)") {
                found.append("\(entity) \(id) does not have exactly one of patient and payer")
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT p.id FROM payments p JOIN payment_applications pa ON pa.payment_id = p.id
            JOIN sales s ON s.id = pa.sale_id
            WHERE (p.patient_id IS NOT NULL AND (p.patient_id != s.patient_id OR pa.payer_id IS NOT NULL))
               OR (p.payer_id IS NOT NULL AND pa.payer_id IS NOT p.payer_id)
            """) where !broken.contains("payment:\(row["id"] as Int)") {
            found.append("payment \(row["id"] as Int) is applied to an invoice of another customer")
        }
        let dated: [(String, String, String)] = [
            ("sales", "sale", "sale_date"), ("payments", "payment", "received_date"), ("returns", "return", "return_date"),
            ("refunds", "refund", "refund_date"), ("write_offs", "write_off", "write_off_date"),
        ]
        for (table, entity, column) in dated {
            for row in try Row.fetchAll(db, sql: "SELECT id, \(column) AS date FROM \(table)")
            where SampleCalendar.parse(row["date"]) == nil && !broken.contains("\(entity):\(row["id"] as Int)") {
                found.append("\(entity) \(row["id"] as Int) has the impossible date \(row["date"] as String)")
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT number, MAX(id) AS id FROM sales GROUP BY number HAVING COUNT(*) > 1")
        where !broken.contains("sale:\(row["id"] as Int)") {
            found.append("sale number \(row["number"] as String) is used twice")
        }
        return found
    }

    private func changeLogBreaches(_ db: Database) throws -> [String] {
        var found: [String] = []
        if let seq = try Int.fetchOne(db, sql: """
            SELECT b.seq FROM change_log a JOIN change_log b ON b.seq = a.seq + 1 WHERE b.changed_at < a.changed_at LIMIT 1
            """) {
            found.append("change_log seq \(seq) happened before the row it follows")
        }
        let tables = [
            "patient": "patients", "payer": "payers", "item": "items", "sale": "sales", "payment": "payments",
            "return": "returns", "refund": "refunds", "write_off": "write_offs",
        ]
        for entity in tables.keys.sorted() {
            let table = tables[entity]!
            let dangling = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM change_log c WHERE c.entity = ? AND NOT EXISTS (SELECT 1 FROM \(table) t WHERE t.id = c.entity_id)
                """, arguments: [entity]) ?? 0
            if dangling > 0 { found.append("\(dangling) change_log rows point at missing \(table)") }
            let uncreated = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM \(table) t WHERE NOT EXISTS
                  (SELECT 1 FROM change_log c WHERE c.entity = ? AND c.entity_id = t.id AND c.op = 'create')
                """, arguments: [entity]) ?? 0
            if uncreated > 0 { found.append("\(uncreated) \(table) rows have no create in change_log") }
            let stale = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM \(table) t
                WHERE t.updated_at != (SELECT MAX(changed_at) FROM change_log c WHERE c.entity = ? AND c.entity_id = t.id)
                """, arguments: [entity]) ?? 0
            if stale > 0 { found.append("\(stale) \(table) rows were not last updated by their last change") }
        }
        return found
    }
}
