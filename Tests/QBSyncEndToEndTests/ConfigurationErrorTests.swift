import Foundation
import QBSyncCommands
import QBSyncCore
import Testing

/// Configuration errors exit 2 before anything is done, a needed login exits 3, and each says
/// what happened and what to do, once, in the pipeline's words rather than a library's.
struct ConfigurationErrorTests {
    /// Runs a command line with `change` applied to the harness's environment.
    func qbsync(_ harness: PipelineHarness, _ arguments: [String], change: (inout [String: String]) -> Void)
        async -> (code: Int32, out: String, err: String)
    {
        var environment = harness.environment
        change(&environment)
        let capture = OutputCapture()
        let code = await QBSync.run(
            arguments: arguments + ["--pipeline", harness.pipelineURL.path], environment: environment, capture: capture)
        return (code, capture.standardOutput, capture.standardError)
    }

    @Test func aMissingRealmIsAConfigurationErrorBeforeAnythingIsDone() async throws {
        let harness = try PipelineHarness()
        let nightly = await qbsync(harness, ["run"]) { $0["QBSYNC_QBO_REALM"] = nil }
        #expect(nightly.code == 2)
        #expect(nightly.err.contains("company (realm) id (QBSYNC_QBO_REALM) is not set"), "\(nightly.err)")
        #expect(try harness.openLedger().cursor() == 0, "the nightly took nothing from the OMS")

        let run = try await harness.prepareRun()
        let load = await qbsync(harness, ["load", "--run", run]) { $0["QBSYNC_QBO_REALM"] = nil }
        #expect(load.code == 2)
        #expect(load.err.contains("QBSYNC_QBO_REALM"))
        #expect(harness.sandbox.objects("Invoice").isEmpty)
    }

    @Test func aTokensFileThatIsNotJSONNeedsALoginAndQuotesNoToken() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        let tokens = harness.workspace.appendingPathComponent("tokens.json")
        // Cut off mid-write by something other than qbsync (which replaces it atomically).
        try FileStore.writeAtomically(Array(#"{"refresh_token": "RT-4f9a-secret", "access_tok"#.utf8), to: tokens, mode: 0o600)

        let load = await harness.qbsyncOutput("load", "--run", run)
        #expect(load.code == 3)
        #expect(load.err.contains(tokens.path), "\(load.err)")
        #expect(load.err.contains("does not hold readable QuickBooks tokens"))
        #expect(load.err.contains("run 'qbsync connect'"))
        #expect(!load.err.contains("RT-4f9a-secret"))
        #expect(harness.sandbox.objects("Invoice").isEmpty, "nothing was posted")
    }

    @Test func aLoginNeededIsSaidOnceWithWhatToDo() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        let load = await qbsync(harness, ["load", "--run", run]) { $0["QBSYNC_REFRESH_TOKEN"] = "a-token-QuickBooks-never-gave" }
        #expect(load.code == 3)
        #expect(load.err.components(separatedBy: "login needed").count == 2, "said once: \(load.err)")
        #expect(load.err.components(separatedBy: "qbsync connect").count == 2, "the remedy once: \(load.err)")
        #expect(!load.err.contains("a-token-QuickBooks-never-gave"))
    }

    @Test func aSettingOfTheWrongKindNamesTheSettingAndTheFile() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[quickbooks]\nbatch_size = \"x\"\n")
        let status = await harness.qbsyncOutput("status")
        #expect(status.code == 2)
        #expect(
            status.err.contains("\(harness.pipelineURL.path): quickbooks.batch_size must be a whole number"), "\(status.err)")
        #expect(status.err.contains("not the text \"x\""))
        #expect(!status.err.contains("does not exist at"))
    }
}
