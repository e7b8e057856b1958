import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// `qbsync load --run ID` on a desktop pipeline while a `qbsync webconnector` serves the
/// workspace: the run is handed to the serving process and the command waits, reporting how many
/// sets QuickBooks answered, until the run is loaded (exit 0) or `--wait` passes (exit 3). A mark
/// left by a webconnector that was killed hands nothing over. All in process, over loopback.
struct DesktopHandoverTests {
    /// A `qbsync webconnector` on a desktop pipeline, in process: its standing work behind the
    /// SOAP service on an ephemeral port, looking for runs to load every 50 ms.
    final class Serving: @unchecked Sendable {
        let standing = DesktopStandingWork()
        let server: WebConnectorServer
        let loads: Task<Void, any Error>

        init(_ harness: PipelineHarness) throws {
            server = WebConnectorServer(
                service: WebConnectorService(
                    settings: WebConnectorSettings(
                        userName: "qbsync", password: DesktopLoadCommandTests.password,
                        companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
                    work: standing),
                host: "127.0.0.1", port: 0)
            try server.start()
            let environment = CommandEnvironment(variables: harness.environment)
            let pipeline = harness.pipelineURL.path
            let standing = self.standing
            loads = Task {
                try await CommandEnvironment.$current.withValue(environment) { try await standing.serve(pipeline: pipeline, every: .milliseconds(50)) }
            }
        }

        var port: Int { URL(string: server.url)!.port! }

        func stop() {
            standing.stop()
            loads.cancel()
            server.stop(grace: 5)
        }
    }

    static func until(_ seconds: TimeInterval, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }

    func load(_ harness: PipelineHarness, run: String, wait: Int, port: Int, capture: OutputCapture) async -> Int32 {
        var environment = harness.environment
        environment["QBSYNC_QBWC_PASSWORD"] = DesktopLoadCommandTests.password
        environment["QBSYNC_QBWC_LISTEN"] = "127.0.0.1:\(port)"
        return await QBSync.run(
            arguments: ["load", "--run", run, "--wait", "\(wait)", "--pipeline", harness.pipelineURL.path], environment: environment,
            capture: capture)
    }

    @Test func loadHandsItsRunToTheServingWebConnectorAndWaitsUntilEverySetIsAnswered() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 14)
        // A webconnector killed earlier left its mark: it serves nothing, so this load serves
        // the endpoint itself (and, with no Web Connector coming, waits and exits 3).
        let dead = LockHolder(token: "killed", user: "clinic", host: LoadLock.hostName(), pid: 99_999_999, runID: nil, since: "2026-12-01T02:00:00Z")
        #expect(try setup.ledger.takeLock("webconnector", for: dead) { _ in false } == nil)
        let alone = OutputCapture()
        #expect(await load(setup.harness, run: setup.run, wait: 1, port: try DesktopLoadCommandTests.freePort(), capture: alone) == 3)
        #expect(alone.standardError.contains("waiting for the Web Connector on http://127.0.0.1:"), "\(alone.standardError)")
        #expect(!alone.standardError.contains("handed to"))

        // Now a webconnector serves the workspace (taking over the dead one's mark).
        let serving = try Serving(setup.harness)
        defer { serving.stop() }
        #expect(try await Self.until(120) { try setup.ledger.lockHolder("webconnector")?.token != "killed" && setup.ledger.lockHolder("webconnector") != nil })

        // The load is handed over: it does not try the serving process's address, it waits.
        let capture = OutputCapture()
        let harness = setup.harness
        let run = setup.run
        let port = serving.port
        let loading = Task { await load(harness, run: run, wait: 120, port: port, capture: capture) }
        #expect(try await Self.until(120) { capture.standardError.contains("handed to the qbsync webconnector") }, "\(capture.standardError)")

        // The Web Connector comes: the serving process hands out the run's sets.
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let connector = SandboxWebConnector(
            url: URL(string: serving.server.url)!, userName: "qbsync", password: DesktopLoadCommandTests.password, quickBooks: company,
            noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }

        let code = await loading.value
        #expect(code == 0, "\(capture.standardError)")
        #expect(capture.standardOutput.contains("0 failed"), "\(capture.standardOutput)")
        let sets = try FileManager.default.contentsOfDirectory(
            atPath: setup.harness.latestRun.appendingPathComponent("2-transform/batches").path
        ).filter { $0.hasSuffix(".qbxml") }.count
        #expect(sets > 1)
        #expect(capture.standardError.contains("run \(setup.run): \(sets) of \(sets) message sets answered by QuickBooks"), "\(capture.standardError)")
        #expect(!capture.standardError.contains("--run ID"))
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: DesktopCompanyTransport(company: company), ledger: setup.ledger)
    }

    @Test func aHandedOverRunThatQuickBooksDoesNotTakeInTimeExitsThreeWaitingForQuickBooks() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 15)
        let serving = try Serving(setup.harness)
        defer { serving.stop() }
        #expect(try await Self.until(120) { try setup.ledger.lockHolder("webconnector") != nil })

        let capture = OutputCapture()
        let code = await load(setup.harness, run: setup.run, wait: 1, port: serving.port, capture: capture)

        #expect(code == 3, "\(capture.standardError)")
        #expect(capture.standardError.contains("handed to the qbsync webconnector"), "\(capture.standardError)")
        #expect(capture.standardError.contains("run \(setup.run): waiting for QuickBooks"), "\(capture.standardError)")
        #expect(!capture.standardError.contains("could not listen"))
    }

    @Test func theNightlyRunHandsItsLoadToTheServingWebConnectorAndReconcilesWhatItLoaded() async throws {
        let harness = try PipelineHarness(patients: 20, days: 30, seed: 16, pipelineExtra: DesktopLoadTests.desktop)
        let serving = try Serving(harness)
        defer { serving.stop() }
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        #expect(try await Self.until(120) { try ledger.lockHolder("webconnector") != nil })
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let connector = SandboxWebConnector(
            url: URL(string: serving.server.url)!, userName: "qbsync", password: DesktopLoadCommandTests.password, quickBooks: company,
            noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }

        // The nightly, as `make nightly` starts it beside the service: it must not try the
        // service's address (exit 2 before), but hand the load over and reconcile the answers.
        let night = await DesktopLoadCommandTests().qbsync(harness, ["run", "--wait", "600"], port: serving.port)

        #expect(night.code == 0, "\(night.err)")
        #expect(night.err.contains("handed to the qbsync webconnector"), "\(night.err)")
        #expect(!night.err.contains("could not listen"))
        #expect(night.out.contains("0 failed"), "\(night.out)")
        let reconciled = try RunFolder(workspace: harness.workspace, id: harness.latestRun.lastPathComponent)
            .manifest(pipeline: "e2e").stages[.reconcile]?.status
        #expect(reconciled == .done)
        try DesktopLoadTests().tiesOut(harness: harness, transport: DesktopCompanyTransport(company: company), ledger: ledger)
    }
}
