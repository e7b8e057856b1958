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

    /// Invoice numbers that appear more than once.
    var duplicateInvoices: [String] {
        let numbers = invoices.map { String($0.split(separator: " ").first ?? "") }
        return Dictionary(grouping: numbers, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    var description: String {
        "\(invoices.count) invoices, \(customers) customers, \(items.count) items, \(classes.count) classes, \(accounts.count) accounts"
    }
}

/// A clean load of the same OMS, to compare a troubled one with: its books and ledger states.
struct CleanLoad: Sendable {
    var books: BooksSnapshot
    var states: [String: String]

    /// Extract, transform, load and reconcile with no fault and no crash (after a first clean
    /// run and `SecondRun.changes` when `secondRun`).
    static func of(seed: UInt64, pipelineExtra: String, secondRun: Bool = false) async throws -> CleanLoad {
        let harness = try PipelineHarness(seed: seed, pipelineExtra: pipelineExtra)
        if secondRun { try await SecondRun.prepare(harness) }
        let run = try await harness.prepareRun()
        let load = await harness.qbsync("load", "--run", run)
        guard load == 0 else { throw HarnessError("the clean load exited \(load)") }
        _ = await harness.qbsync("reconcile", "--run", run)
        return CleanLoad(books: BooksSnapshot(harness.sandbox), states: try harness.ledgerStates())
    }
}

/// Clean loads shared by the tests that compare with them (each costs a whole pipeline run).
actor CleanLoads {
    static let shared = CleanLoads()
    private var loads: [String: Task<CleanLoad, Error>] = [:]

    func of(seed: UInt64, pipelineExtra: String, secondRun: Bool = false) async throws -> CleanLoad {
        let key = "\(seed) \(pipelineExtra) \(secondRun)"
        if let load = loads[key] { return try await load.value }
        let load = Task { try await CleanLoad.of(seed: seed, pipelineExtra: pipelineExtra, secondRun: secondRun) }
        loads[key] = load
        return try await load.value
    }
}

/// A second run that changes what the first posted: two patients made inactive (a customer
/// update, then a deactivation in the last wave) and two sales voided (invoice voids).
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
            let sales = try Int.fetchAll(db, sql: "SELECT id FROM sales WHERE status = 'open' ORDER BY id DESC LIMIT 2")
            for sale in sales {
                try db.execute(sql: "UPDATE sales SET status = 'void', updated_at = ? WHERE id = ?", arguments: [stamp, sale])
                try db.execute(
                    sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('sale', ?, 'void', ?, 'test')",
                    arguments: [sale, stamp])
            }
        }
    }
}
