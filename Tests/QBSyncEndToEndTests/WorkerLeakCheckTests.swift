import Foundation
import GRDB
@testable import QBSyncCore
import Testing

/// The leak check runs on the mapping workers: a patient's detail in the last record of a
/// chunk, which a worker other than the first maps, stops the run as it always did.
struct WorkerLeakCheckTests {
    @Test func aPatientsNameTypedIntoTheStateOfTheChunksLastPatientStopsTheRun() async throws {
        let harness = try PipelineHarness(
            patients: 40, seed: 56, pipelineExtra: "[redaction.patient_fields]\n\"BillAddr.CountrySubDivisionCode\" = \"region\"")
        // The clinic typed the patient's last name into the state field: the policy sends the
        // state, so only the leak check stands between the name and QuickBooks.
        let (id, lastName, patients): (Int, String, Int) = try await DatabaseQueue(path: harness.omsURL.path).write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, last_name FROM patients ORDER BY id DESC LIMIT 1"))
            try db.execute(sql: "UPDATE patients SET region = last_name WHERE id = ?", arguments: [row["id"] as Int])
            return (row["id"], row["last_name"], try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM patients")!)
        }
        // The patients are one chunk, in id order: the last one is mapped on a later stripe.
        #expect(try #require(ChunkMapping.stripes(patients).firstIndex { $0.contains(patients - 1) }) > 0)
        #expect(await harness.qbsync("run") == 3)
        let transform = harness.latestRun.appendingPathComponent("2-transform")
        #expect(!FileManager.default.fileExists(atPath: transform.appendingPathComponent("plan.json").path))
        let report = try String(contentsOf: transform.appendingPathComponent("leak-report.json"), encoding: .utf8)
        #expect(report.contains("patient:\(id) last_name"))
        #expect(report.contains("CountrySubDivisionCode"))
        #expect(!report.lowercased().contains(lastName.lowercased()))
        #expect(harness.sandbox.objects("Customer").isEmpty)
    }
}
