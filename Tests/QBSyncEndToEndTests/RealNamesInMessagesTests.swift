import Foundation
import QBSyncCore
import Testing

/// Messages name the real run and the real item, as a person types them: never `--run ID` or `ITEM`.
struct RealNamesInMessagesTests {
    @Test func aDamagedManifestIsNamedByItsRunAndStopsTheLoadBeforeAnythingIsSent() async throws {
        let harness = try PipelineHarness(patients: 4, seed: 62)
        let run = try await harness.prepareRun()
        try Data(#"{"stages": {}}"#.utf8).write(to: harness.runFile("manifest.json"))
        let load = await harness.qbsyncOutput("load", "--run", run)
        #expect(load.code == 2, "\(load.err)")
        #expect(load.err.contains("run \(run)"), "\(load.err)")
        #expect(load.err.contains("runs/\(run)/manifest.json"), "\(load.err)")
        #expect(harness.sandbox.objects("Invoice").isEmpty)
    }

    @Test func statusNamesARealItemInTheCommandsThatWorkOnItsLists() async throws {
        let harness = try PipelineHarness(patients: 12, seed: 64, broken: true)
        let nightly = await harness.qbsync("run")
        #expect(nightly == 1)
        let failed = try harness.openLedger().items(in: .failed).map(\.ref).sorted()
        #expect(failed.count >= 2)
        #expect(await harness.qbsync("exclude", failed[0], "--reason", "duplicate in the OMS") == 0)
        #expect(await harness.qbsync("manual", failed[1]) == 0)
        let status = await harness.qbsyncOutput("status")
        #expect(status.out.contains("'qbsync retry \(failed[0])' brings one back"), "\(status.out)")
        #expect(status.out.contains("'qbsync manual-done \(failed[1])' ticks one off"), "\(status.out)")
        #expect(!status.out.contains("ITEM") && !status.out.contains("--run ID"), "\(status.out)")
    }
}
