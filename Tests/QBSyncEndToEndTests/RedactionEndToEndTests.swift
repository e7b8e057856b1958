import Foundation
import GRDB
@testable import QBSyncCore
import QBSyncJSON
import Testing

/// The privacy promise, checked the way a privacy officer would: what leaves, what stops a run.
struct RedactionEndToEndTests {
    @Test func aPipelineThatWouldSendAPatientsNameIsStoppedBeforeAnyBatchIsWritten() async throws {
        let probe = try PipelineHarness(seed: 51)
        let name: String = try probe.oms { db in
            try String.fetchOne(
                db,
                sql: "SELECT p.first_name || ' ' || p.last_name FROM patients p JOIN sales s ON s.patient_id = p.id ORDER BY p.id LIMIT 1")!
        }
        // Deliberately map a PHI value into a QuickBooks field: the display-name prefix.
        let harness = try PipelineHarness(seed: 51, pipelineExtra: "[redaction]\npatient_prefix = \"\(name)\"")
        #expect(await harness.qbsync("run") == 3)
        let transform = harness.latestRun.appendingPathComponent("2-transform")
        #expect(!FileManager.default.fileExists(atPath: transform.appendingPathComponent("plan.json").path))
        let report = try String(contentsOf: transform.appendingPathComponent("leak-report.json"), encoding: .utf8)
        #expect(report.contains("Customer.DisplayName"))
        #expect(report.contains("first_name") || report.contains("last_name"))
        #expect(!report.lowercased().contains(name.lowercased()))
        #expect(harness.sandbox.objects("Customer").allSatisfy { !($0["DisplayName"]?.stringValue ?? "").contains(name) })
    }

    @Test func aHandEditThatAddsAPhoneNumberIsRefusedAtLoad() async throws {
        let harness = try PipelineHarness(seed: 52)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        _ = await harness.qbsync("transform", "--run", run)
        let phone: String = try harness.oms { db in try String.fetchOne(db, sql: "SELECT mobile_phone FROM patients WHERE mobile_phone IS NOT NULL LIMIT 1")! }
        let batches = harness.latestRun.appendingPathComponent("2-transform/batches")
        let file = try #require(FileStore.files(under: batches, relativeTo: batches).last)
        var body = try FileStore.readJSON(batches.appendingPathComponent(file))
        var items = body["BatchItemRequest"]!.arrayValue!
        let entity = items[0].objectValue!.keys.first { $0 != "bId" && $0 != "operation" }!
        items[0][entity]?["PrivateNote"] = .string("call back on \(phone)")
        body["BatchItemRequest"] = .array(items)
        try FileStore.writeJSON(body, to: batches.appendingPathComponent(file))
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(harness.sandbox.objects("Customer").isEmpty)
        // Nor can the edit be validated for the load: the validation's leak check refuses it.
        let validation = await harness.qbsyncOutput("transform", "--validate", "--run", run)
        #expect(validation.code == 3)
        #expect(!validation.out.contains(phone) && !validation.err.contains(phone))
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(harness.sandbox.objects("Customer").isEmpty)
    }

    @Test func namesakesAreTwoCustomersAndKeepTheirPseudonymsAcrossRunsAndEdits() async throws {
        let harness = try PipelineHarness(patients: 30, seed: 53, pipelineExtra: "[sync]\nall_patient_files = true")
        _ = await harness.qbsync("run")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let before = try ledger.read { db in
            try Row.fetchAll(db, sql: "SELECT ref, name FROM qbo_objects WHERE key LIKE 'customer patient:%'").map {
                ($0["ref"] as String, $0["name"] as String)
            }
        }
        #expect(Set(before.map(\.1)).count == before.count)
        // Namesakes in the OMS are distinct customers.
        let namesakes: [Int] = try harness.oms { db in
            try Int.fetchAll(
                db,
                sql: """
                    SELECT p.id FROM patients p JOIN (SELECT first_name, last_name FROM patients GROUP BY 1, 2 HAVING COUNT(*) > 1) d
                    ON d.first_name = p.first_name AND d.last_name = p.last_name
                    """)
        }
        let synced = Dictionary(uniqueKeysWithValues: before)
        let namesakeNames = namesakes.compactMap { synced["patient:\($0)"] }
        #expect(namesakeNames.count >= 2)
        #expect(Set(namesakeNames).count == namesakeNames.count)

        // An edit of every synced patient's address in the OMS changes nothing QuickBooks holds.
        let oms = try DatabaseQueue(path: harness.omsURL.path)
        try oms.inDatabase { db in
            let ids = before.compactMap { Int($0.0.dropFirst("patient:".count)) }
            for id in ids {
                try db.execute(sql: "UPDATE patients SET address1 = '1 New Street' WHERE id = ?", arguments: [id])
                try db.execute(
                    sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('patient', ?, 'update', '2026-11-20T10:00:00Z', 'front desk')",
                    arguments: [id])
            }
        }
        _ = await harness.qbsync("run")
        let after = try ledger.read { db in
            try Row.fetchAll(db, sql: "SELECT ref, name FROM qbo_objects WHERE key LIKE 'customer patient:%'").map {
                ($0["ref"] as String, $0["name"] as String)
            }
        }
        #expect(Dictionary(uniqueKeysWithValues: after) == synced)
        let requests = try FileStore.readJSON(harness.latestRun.appendingPathComponent("3-load/results.json"))
        #expect(requests["results"]?.arrayValue?.isEmpty == true, "an address change was posted although nothing outgoing changed")
    }

    @Test func theExtractIsOwnerOnlyAndCanBeDeletedAfterReconcile() async throws {
        let harness = try PipelineHarness(seed: 54, pipelineExtra: "[redaction]\ndelete_extract_after_reconcile = true")
        #expect(await harness.qbsync("extract") == 0)
        let extract = harness.latestRun.appendingPathComponent("1-extract")
        let mode = try FileManager.default.attributesOfItem(atPath: extract.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let run = harness.latestRun.lastPathComponent
        _ = await harness.qbsync("transform", "--run", run)
        _ = await harness.qbsync("load", "--run", run)
        _ = await harness.qbsync("reconcile", "--run", run)
        #expect(!FileManager.default.fileExists(atPath: extract.path))
    }

    @Test func aPolicyThatAllowsTheStateSendsTheStateAndNothingElse() async throws {
        let harness = try PipelineHarness(
            seed: 55, pipelineExtra: "[redaction.patient_fields]\n\"BillAddr.CountrySubDivisionCode\" = \"region\"")
        _ = await harness.qbsync("run")
        let patients = harness.sandbox.objects("Customer").filter { ($0["DisplayName"]?.stringValue ?? "").hasPrefix("Patient ") }
        #expect(!patients.isEmpty)
        for customer in patients {
            #expect(customer["BillAddr"]?["CountrySubDivisionCode"]?.stringValue != nil)
            #expect(customer["BillAddr"]?["City"] == nil)
            #expect(customer["BillAddr"]?["Line1"] == nil)
            #expect(customer["GivenName"] == nil)
        }
    }
}

/// The review is checked for leaks a document at a time, as the batches are: what only the
/// review shows (a class named from the run's locations) is checked too.
struct ReviewLeakTests {
    @Test func aReviewThatWouldShowAPatientsNameIsRefused() async throws {
        let harness = try PipelineHarness(patients: 10, seed: 55)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        _ = await harness.qbsync("transform", "--run", run)
        // A patient whose last name a location's name happens to carry.
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 900), reason: .changed, op: "update",
            row: ["id": 900, "first_name": "Wilhelmina", "last_name": "Quixotesmith"])
        let check = LeakCheck(records: [patient], reference: .object([:]))
        let invoice = ReviewBuilderTests.invoice(1, customer: "customer patient:900", date: "2026-11-20", cents: 10_000)
        let plan = TransformPlan(
            run: run,
            batches: [
                TransformPlan.Batch(
                    file: "batches/2-names-00001.json", wave: .names,
                    operations: [(bId: "b1", operation: ReviewBuilderTests.customer("customer patient:900", name: "Patient AAAA-BBBB"))]),
                TransformPlan.Batch(file: "batches/3-documents-00001.json", wave: .documents, operations: [(bId: "b1", operation: invoice)]),
            ], links: [], failures: [], unchanged: [], refs: [])
        let inputs = ReviewInputs(
            pipeline: "test", runDate: "2026-11-21", closingDate: nil, redacted: true, mapping: ReviewBuilderTests.mapping,
            locationNames: [1: "Quixotesmith Hearing Center"])
        let review = RunReview(runID: run, settings: try harness.settings(), ledger: try harness.openLedger())
        do {
            try review.writeFiles(try ReviewBuilder.result(plan: plan, inputs: inputs), leakCheck: check)
            Issue.record("a review naming a patient was written")
        } catch TransformError.leak(let findings) {
            #expect(findings.contains { $0.location.hasPrefix("2-transform/review sale:1") && $0.source == "patient:900 last_name" })
        }
        let report = try harness.readText("2-transform/leak-report.json")
        #expect(!report.contains("Quixotesmith"))
    }
}
