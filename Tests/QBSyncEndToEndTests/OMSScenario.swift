import Foundation
import GRDB
import QBSyncJSON

/// Writes a test's own records into a harness's OMS as the OMS does: the rows and one
/// change-feed entry each, so the next extract takes them. Patients are new, so that what their
/// customer owes in QuickBooks is theirs alone to check.
struct OMSScenario {
    let queue: DatabaseQueue
    let location: Int
    let method: Int
    let item: Int
    /// A date the generated OMS has sales on (inside any open period).
    let date: String
    private static let stamp = "2030-01-01T09:00:00Z"

    init(_ harness: PipelineHarness) throws {
        queue = try DatabaseQueue(path: harness.omsURL.path)
        (location, method, item, date) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT id FROM locations ORDER BY id LIMIT 1")!,
                try Int.fetchOne(db, sql: "SELECT id FROM payment_methods ORDER BY id LIMIT 1")!,
                try Int.fetchOne(db, sql: "SELECT id FROM items WHERE kind IN ('service', 'fee', 'repair') ORDER BY id LIMIT 1")!,
                try String.fetchOne(db, sql: "SELECT MAX(sale_date) FROM sales")!
            )
        }
    }

    /// A new active patient; returns its id.
    func patient() throws -> Int {
        try write("patient") { db in
            try db.execute(
                sql: "INSERT INTO patients (first_name, last_name, location_id, status, updated_at) VALUES ('Quintessa', 'Vandermolen', ?, 'active', ?)",
                arguments: [location, Self.stamp])
        }
    }

    /// A patient's status changed (`inactive`, `deceased`, `active`).
    func setStatus(patient: Int, _ status: String) throws {
        try change("patient", patient) { db in
            try db.execute(sql: "UPDATE patients SET status = ? WHERE id = ?", arguments: [status, patient])
        }
    }

    /// A new third-party payer, active or not; returns its id.
    func payer(active: Bool) throws -> Int {
        try write("payer") { db in
            try db.execute(
                sql: "INSERT INTO payers (name, active, updated_at) VALUES ('Hearing Aid Fund (test)', ?, ?)", arguments: [active ? 1 : 0, Self.stamp])
        }
    }

    /// `cents` of a sale's line billed to `payer` instead of the patient.
    func allocate(line: Int, payer: Int, cents: Int) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO sale_allocations (sale_line_id, payer_id, amount_cents) VALUES (?, ?, ?)", arguments: [line, payer, cents])
        }
    }

    /// A one-line sale of `cents` to the patient; returns the sale and its line.
    func sale(patient: Int, cents: Int) throws -> (sale: Int, line: Int) {
        var line = 0
        let sale = try write("sale") { db in
            try db.execute(
                sql: "INSERT INTO sales (number, patient_id, location_id, sale_date, status, updated_at) VALUES ('TEST-' || (SELECT COUNT(*) + 1 FROM sales), ?, ?, ?, 'open', ?)",
                arguments: [patient, location, date, Self.stamp])
            try db.execute(
                sql: "INSERT INTO sale_lines (sale_id, line_no, item_id, quantity_milli, unit_price_cents) VALUES (?, 1, ?, 1000, ?)",
                arguments: [db.lastInsertedRowID, item, cents])
            line = Int(db.lastInsertedRowID)
        }
        return (sale, line)
    }

    /// A patient's payment of `cents`, applied to `sale` as the OMS says; returns its id.
    func payment(patient: Int, cents: Int, sale: Int, applied: Int) throws -> Int {
        try write("payment") { db in
            try db.execute(
                sql: "INSERT INTO payments (patient_id, location_id, method_id, received_date, amount_cents, status, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?)",
                arguments: [patient, location, method, date, cents, Self.stamp])
            try db.execute(
                sql: "INSERT INTO payment_applications (payment_id, sale_id, amount_cents) VALUES (?, ?, ?)",
                arguments: [db.lastInsertedRowID, sale, applied])
        }
    }

    /// The payment's amount and its application to `sale` edited.
    func editPayment(_ payment: Int, cents: Int, sale: Int, applied: Int) throws {
        try change("payment", payment) { db in
            try db.execute(sql: "UPDATE payments SET amount_cents = ? WHERE id = ?", arguments: [cents, payment])
            try db.execute(
                sql: "UPDATE payment_applications SET amount_cents = ? WHERE payment_id = ? AND sale_id = ?", arguments: [applied, payment, sale])
        }
    }

    /// The sale edited: its first line's unit price raised by `cents`.
    func raisePrice(sale: Int, by cents: Int) throws {
        try change("sale", sale) { db in
            try db.execute(
                sql: "UPDATE sale_lines SET unit_price_cents = unit_price_cents + ? WHERE id = (SELECT MIN(id) FROM sale_lines WHERE sale_id = ?)",
                arguments: [cents, sale])
        }
    }

    /// A write-off of `cents` on the patient's share of `sale`; returns its id.
    func writeOff(sale: Int, cents: Int) throws -> Int {
        try write("write_off") { db in
            try db.execute(
                sql: "INSERT INTO write_offs (sale_id, write_off_date, amount_cents, status, updated_at) VALUES (?, ?, ?, 'active', ?)",
                arguments: [sale, date, cents, Self.stamp])
        }
    }

    /// A return crediting `cents` (tax included) for the sale's line; returns its id.
    func `return`(sale: Int, line: Int, cents: Int) throws -> Int {
        try write("return") { db in
            try db.execute(
                sql: "INSERT INTO returns (number, sale_id, return_date, status, updated_at) VALUES ('TEST-R' || (SELECT COUNT(*) + 1 FROM returns), ?, ?, 'open', ?)",
                arguments: [sale, date, Self.stamp])
            try db.execute(
                sql: "INSERT INTO return_lines (return_id, sale_line_id, quantity_milli, amount_cents) VALUES (?, ?, 1000, ?)",
                arguments: [db.lastInsertedRowID, line, cents])
        }
    }

    /// Inserts a record with `body` (its row first) and logs its creation; returns its id.
    private func write(_ entity: String, _ body: @escaping (Database) throws -> Void) throws -> Int {
        try queue.write { db in
            try body(db)
            let id = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM \(Self.table(entity))")!
            try db.execute(
                sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES (?, ?, 'create', ?, 'test')",
                arguments: [entity, id, Self.stamp])
            return id
        }
    }

    private func change(_ entity: String, _ id: Int, _ body: @escaping (Database) throws -> Void) throws {
        try queue.write { db in
            try body(db)
            try db.execute(
                sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES (?, ?, 'update', ?, 'test')",
                arguments: [entity, id, Self.stamp])
        }
    }

    private static func table(_ entity: String) -> String {
        entity == "write_off" ? "write_offs" : entity == "patient" ? "patients" : entity + "s"
    }
}
