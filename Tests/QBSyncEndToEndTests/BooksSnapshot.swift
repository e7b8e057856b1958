import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox

/// What a user would compare between two QuickBooks companies loaded from the same OMS: every
/// invoice (number, total, note; a duplicate shows as a repeated line), how many customers and
/// whether their names are unique, the items, classes and accounts by name. Patient display
/// names are random pseudonyms, so customers are compared by count.
struct BooksSnapshot: Equatable, CustomStringConvertible {
    /// `DocNumber total note vN`: the SyncToken shows a change applied twice.
    var invoices: [String]
    /// Payments, credit memos and refund receipts the same way (`PaymentRefNum` for a payment).
    var settlements: [String]
    var customers: Int
    var customerNamesUnique: Bool
    /// Each customer's `active|inactive vN`, sorted.
    var customerVersions: [String]
    var items: [String]
    var classes: [String]
    var accounts: [String]

    init(_ sandbox: SandboxServer) {
        invoices = sandbox.objects("Invoice").map { invoice in
            let number = invoice["DocNumber"]?.stringValue ?? "?"
            let total = invoice["TotalAmt"]?.numberLiteral ?? "?"
            let version = invoice["SyncToken"]?.stringValue ?? "?"
            return "\(number) \(total) \(invoice["PrivateNote"]?.stringValue ?? "") v\(version)"
        }.sorted()
        settlements = ["Payment", "CreditMemo", "RefundReceipt"].flatMap { entity in
            sandbox.objects(entity).map { object in
                let number = object["DocNumber"]?.stringValue ?? object["PaymentRefNum"]?.stringValue ?? "-"
                let total = object["TotalAmt"]?.numberLiteral ?? "?"
                return "\(entity) \(number) \(total) \(object["PrivateNote"]?.stringValue ?? "") v\(object["SyncToken"]?.stringValue ?? "?")"
            }
        }.sorted()
        let names = sandbox.objects("Customer").compactMap { $0["DisplayName"]?.stringValue }
        customers = names.count
        customerVersions = sandbox.objects("Customer").map { customer in
            "\(customer["Active"]?.boolValue == false ? "inactive" : "active") v\(customer["SyncToken"]?.stringValue ?? "?")"
        }.sorted()
        customerNamesUnique = Set(names.map { $0.lowercased() }).count == names.count
        items = sandbox.objects("Item").compactMap { $0["Name"]?.stringValue }.sorted()
        classes = sandbox.objects("Class").compactMap { $0["Name"]?.stringValue }.sorted()
        accounts = sandbox.objects("Account").compactMap { $0["Name"]?.stringValue }.sorted()
    }

    /// Document numbers (invoices, then the other documents by kind) that appear more than once.
    var duplicateInvoices: [String] {
        let numbers = invoices.map { String($0.split(separator: " ").first ?? "") }
            + settlements.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }.filter { !$0.hasSuffix(" -") }
        return Dictionary(grouping: numbers, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    var description: String {
        "\(invoices.count) invoices, \(settlements.count) payments/credits/refunds, \(customers) customers, \(items.count) items, \(classes.count) classes, \(accounts.count) accounts"
    }
}

/// The generated OMS of a test: the sample generator's options.
struct Clinic: Sendable, Hashable, CustomStringConvertible {
    var patients = 12
    var days = 20
    var seed: UInt64 = 11

    var description: String { "\(patients) patients, \(days) days, seed \(seed)" }

    /// A harness for this OMS.
    func harness(pipelineExtra: String, configureSandbox: ((inout SandboxConfiguration, URL) throws -> Void)? = nil) throws -> PipelineHarness {
        try PipelineHarness(patients: patients, days: days, seed: seed, pipelineExtra: pipelineExtra, configureSandbox: configureSandbox)
    }
}

/// A clean load of the same OMS, to compare a troubled one with: its books and ledger states.
struct CleanLoad: Sendable {
    var books: BooksSnapshot
    var states: [String: String]
    /// What `qbsync reconcile` exited with.
    var reconcileCode: Int32

    /// Extract, transform, load and reconcile with no fault and no crash (after a first clean
    /// run and `SecondRun.changes` when `secondRun`).
    static func of(_ clinic: Clinic, pipelineExtra: String, secondRun: Bool = false) async throws -> CleanLoad {
        let harness = try PipelineHarness(patients: clinic.patients, days: clinic.days, seed: clinic.seed, pipelineExtra: pipelineExtra)
        if secondRun { try await SecondRun.prepare(harness) }
        let run = try await harness.prepareRun()
        let load = await harness.qbsync("load", "--run", run)
        guard load == 0 else { throw HarnessError("the clean load exited \(load)") }
        let reconcile = await harness.qbsync("reconcile", "--run", run)
        return CleanLoad(books: BooksSnapshot(harness.sandbox), states: try harness.ledgerStates(), reconcileCode: reconcile)
    }
}

/// Clean loads shared by the tests that compare with them (each costs a whole pipeline run).
actor CleanLoads {
    static let shared = CleanLoads()
    private var loads: [String: Task<CleanLoad, Error>] = [:]

    func of(_ clinic: Clinic, pipelineExtra: String, secondRun: Bool = false) async throws -> CleanLoad {
        let key = "\(clinic) \(pipelineExtra) \(secondRun)"
        if let load = loads[key] { return try await load.value }
        let load = Task { try await CleanLoad.of(clinic, pipelineExtra: pipelineExtra, secondRun: secondRun) }
        loads[key] = load
        return try await load.value
    }
}

/// A second run that changes what the first posted: a payer's phone number (a customer update),
/// two patients made inactive (deactivations in the last wave) and two sales nothing was paid,
/// returned or written off on voided (invoice voids).
enum SecondRun {
    /// Runs the whole pipeline once, then changes the OMS as a clinic would.
    static func prepare(_ harness: PipelineHarness) async throws {
        let first = await harness.qbsync("run")
        guard first == 0 || first == 1 else { throw HarnessError("the first run exited \(first)") }
        try await DatabaseQueue(path: harness.omsURL.path).write { db in
            let stamp = "2030-01-01T09:00:00Z"
            let patients = try Int.fetchAll(
                db, sql: "SELECT DISTINCT patient_id FROM sales WHERE status = 'open' ORDER BY patient_id LIMIT 2")
            for patient in patients {
                try db.execute(sql: "UPDATE patients SET status = 'inactive' WHERE id = ?", arguments: [patient])
                try db.execute(
                    sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('patient', ?, 'update', ?, 'test')",
                    arguments: [patient, stamp])
            }
            let payer = try Int.fetchOne(db, sql: "SELECT id FROM payers ORDER BY id LIMIT 1") ?? 1
            try db.execute(sql: "UPDATE payers SET phone = '916-555-0142' WHERE id = ?", arguments: [payer])
            try db.execute(
                sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('payer', ?, 'update', ?, 'test')",
                arguments: [payer, stamp])
            let sales = try Int.fetchAll(
                db,
                sql: """
                    SELECT id FROM sales s WHERE status = 'open'
                    AND NOT EXISTS (SELECT 1 FROM payment_applications a WHERE a.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.sale_id = s.id)
                    ORDER BY id DESC LIMIT 2
                    """)
            for sale in sales {
                try db.execute(sql: "UPDATE sales SET status = 'void', updated_at = ? WHERE id = ?", arguments: [stamp, sale])
                try db.execute(
                    sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('sale', ?, 'void', ?, 'test')",
                    arguments: [sale, stamp])
            }
        }
    }
}
