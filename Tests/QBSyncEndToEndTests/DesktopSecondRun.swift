import Foundation
import GRDB

/// What a clinic does between two nightlies, written into a harness's OMS as the OMS writes it
/// (rows and change-feed entries): new sales, one with a third party's share and payments from
/// both; posted sales edited (a line added, a price raised); a posted sale voided; a posted
/// payment deleted; a paid sale returned and refunded; a write-off. Sales are picked so each
/// change is one the books can take (nothing voided that was paid, no credit larger than what
/// it credits).
struct DesktopSecondRun {
    /// The records each change touched, for the test to name what it checks.
    var editedLines = 0, raisedPrice = 0, voided = 0, deletedPayment = 0, returned = 0, refund = 0, writtenOff = 0
    var newSale = 0, payerSale = 0, payer = 0

    private static let stamp = "2030-01-02T09:00:00Z"

    /// Before the first run: a new patient's two sales nothing is paid on yet (the sample pays
    /// nearly every sale at once), so the second run has a posted sale to void and one to write off.
    static func seed(_ harness: PipelineHarness) throws -> DesktopSecondRun {
        let oms = try OMSScenario(harness)
        var run = DesktopSecondRun()
        let patient = try oms.patient()
        run.voided = try oms.sale(patient: patient, cents: 35_000).sale
        run.writtenOff = try oms.sale(patient: patient, cents: 64_000).sale
        return run
    }

    /// Changes the OMS of `harness` after its first run (`seed` before it).
    func apply(to harness: PipelineHarness) throws -> DesktopSecondRun {
        let oms = try OMSScenario(harness)
        var run = self
        let queue = try DatabaseQueue(path: harness.omsURL.path)
        try queue.write { db in
            // Posted sales edited: one gains a line; one with a third party's share (when the sample
            // has one; else the seeded sale) has its first line's price raised: the patient's share grows.
            let sales = try Int.fetchAll(
                db,
                sql: "SELECT id FROM sales s WHERE status = 'open' AND id NOT IN (?, ?) AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.sale_id = s.id) ORDER BY id",
                arguments: [run.voided, run.writtenOff])
            let shared = try Int.fetchOne(
                db,
                sql: "SELECT MIN(l.sale_id) FROM sale_lines l JOIN sale_allocations x ON x.sale_line_id = l.id JOIN sales s ON s.id = l.sale_id WHERE s.status = 'open'")
            guard let edited = sales.first(where: { $0 != shared }) else { throw HarnessError("the sample has no posted sale to edit") }
            run.editedLines = edited
            run.raisedPrice = shared ?? run.writtenOff
            try db.execute(
                sql: """
                    INSERT INTO sale_lines (sale_id, line_no, item_id, quantity_milli, unit_price_cents)
                    VALUES (?, (SELECT MAX(line_no) + 1 FROM sale_lines WHERE sale_id = ?), ?, 2000, 1275)
                    """,
                arguments: [run.editedLines, run.editedLines, oms.item])
            try db.execute(
                sql: "UPDATE sale_lines SET unit_price_cents = unit_price_cents + 1250 WHERE id = (SELECT MIN(id) FROM sale_lines WHERE sale_id = ?)",
                arguments: [run.raisedPrice])
            try db.execute(sql: "UPDATE sales SET status = 'void', updated_at = ? WHERE id = ?", arguments: [Self.stamp, run.voided])
            try db.execute(
                sql: "INSERT INTO write_offs (sale_id, write_off_date, amount_cents, status, updated_at) VALUES (?, ?, 1500, 'active', ?)",
                arguments: [run.writtenOff, oms.date, Self.stamp])
            try Self.log(db, "sale", run.editedLines, "update")
            try Self.log(db, "sale", run.raisedPrice, "update")
            try Self.log(db, "sale", run.voided, "void")
            try Self.log(db, "write_off", try Self.maxID(db, "write_offs"), "create")

            // A payment not yet deposited, deleted: what it paid is open again.
            let payment = try Int.fetchOne(
                db, sql: "SELECT id FROM payments WHERE status = 'active' AND deposited = 0 AND patient_id IS NOT NULL ORDER BY id LIMIT 1")
            guard let payment else { throw HarnessError("the sample has no payment to delete") }
            run.deletedPayment = payment
            try db.execute(sql: "UPDATE payments SET status = 'deleted', updated_at = ? WHERE id = ?", arguments: [Self.stamp, payment])
            try Self.log(db, "payment", payment, "delete")

            // A sale its patient paid in full, returned in part, and that credit refunded.
            let paid = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.id, s.patient_id, l.id AS line, p.method_id, s.location_id FROM sales s
                    JOIN sale_lines l ON l.sale_id = s.id
                    JOIN payment_applications a ON a.sale_id = s.id AND a.payer_id IS NULL
                    JOIN payments p ON p.id = a.payment_id AND p.status = 'active' AND p.id <> ?
                    WHERE s.status = 'open'
                    AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM sale_lines m JOIN sale_allocations x ON x.sale_line_id = m.id WHERE m.sale_id = s.id)
                    AND (SELECT SUM(b.amount_cents) FROM payment_applications b JOIN payments q ON q.id = b.payment_id AND q.status = 'active'
                         WHERE b.sale_id = s.id AND q.id <> ?)
                        = (SELECT SUM((m.quantity_milli * m.unit_price_cents + 500) / 1000 - m.discount_cents + m.tax_cents) FROM sale_lines m WHERE m.sale_id = s.id)
                    ORDER BY s.id LIMIT 1
                    """,
                arguments: [payment, payment])
            guard let paid else { throw HarnessError("the sample has no sale paid in full to return") }
            run.returned = try Self.returnAndRefund(db, sale: paid, date: oms.date)
            run.refund = try Self.maxID(db, "refunds")
        }
        // New sales: one for a patient QuickBooks knows, one for a new patient with a third party's share.
        let known = try queue.read { db in try Int.fetchOne(db, sql: "SELECT patient_id FROM sales WHERE id = ?", arguments: [run.raisedPrice])! }
        run.newSale = try oms.sale(patient: known, cents: 42_050).sale
        let patient = try oms.patient()
        let (sale, line) = try oms.sale(patient: patient, cents: 180_000)
        run.payerSale = sale
        run.payer = try queue.read { db in try Int.fetchOne(db, sql: "SELECT id FROM payers WHERE active = 1 ORDER BY id LIMIT 1")! }
        try oms.allocate(line: line, payer: run.payer, cents: 120_000)
        // The patient pays more than their share (the rest stays a credit); the third party pays part of its own.
        _ = try oms.payment(patient: patient, cents: 70_000, sale: sale, applied: 60_000)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO payments (payer_id, location_id, method_id, received_date, amount_cents, status, updated_at) VALUES (?, ?, ?, ?, 90000, 'active', ?)",
                arguments: [run.payer, oms.location, oms.method, oms.date, Self.stamp])
            let id = try Self.maxID(db, "payments")
            try db.execute(
                sql: "INSERT INTO payment_applications (payment_id, sale_id, payer_id, amount_cents) VALUES (?, ?, ?, 90000)",
                arguments: [id, sale, run.payer])
            try Self.log(db, "payment", id, "create")
        }
        return run
    }

    /// A return of half the sale's first line (its amount less tax, tax back too) and a refund of that credit.
    private static func returnAndRefund(_ db: Database, sale: Row, date: String) throws -> Int {
        let line: Int = sale["line"]
        let total = try Int.fetchOne(
            db, sql: "SELECT (quantity_milli * unit_price_cents + 500) / 1000 - discount_cents + tax_cents FROM sale_lines WHERE id = ?",
            arguments: [line])!
        let credit = max(1, total / 2)
        try db.execute(
            sql: "INSERT INTO returns (number, sale_id, return_date, status, updated_at) VALUES ('E2E-R' || (SELECT COUNT(*) + 1 FROM returns), ?, ?, 'open', ?)",
            arguments: [sale["id"] as Int, date, stamp])
        let returnID = try maxID(db, "returns")
        try db.execute(
            sql: "INSERT INTO return_lines (return_id, sale_line_id, quantity_milli, amount_cents) VALUES (?, ?, 500, ?)",
            arguments: [returnID, line, credit])
        try log(db, "return", returnID, "create")
        try db.execute(
            sql: """
                INSERT INTO refunds (patient_id, location_id, method_id, return_id, refund_date, amount_cents, status, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'active', ?)
                """,
            arguments: [sale["patient_id"] as Int, sale["location_id"] as Int, sale["method_id"] as Int, returnID, date, credit, stamp])
        try log(db, "refund", try maxID(db, "refunds"), "create")
        return returnID
    }

    private static func maxID(_ db: Database, _ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MAX(id) FROM \(table)") ?? 0
    }

    private static func log(_ db: Database, _ entity: String, _ id: Int, _ op: String) throws {
        try db.execute(
            sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES (?, ?, ?, ?, 'test')",
            arguments: [entity, id, op, stamp])
    }
}
