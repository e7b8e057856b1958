import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// `qbsync load --run ID [--wait SECONDS]` on a desktop pipeline: it serves the Web Connector's
/// endpoint until every set is answered (exit 0), or gives up waiting (exit 3, nothing lost,
/// the next load goes on); `reconcile` then reads the answers into the ledger as for Online.
struct DesktopLoadCommandTests {
    static let password = "Tr0ub4dor&3-horse"

    /// A free loopback port for the command to listen on.
    static func freePort() throws -> Int {
        let probe = WebConnectorServer(
            service: WebConnectorService(
                settings: WebConnectorSettings(userName: "x", password: "y", companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID)),
                work: DesktopLoadWork()),
            host: "127.0.0.1", port: 0)
        try probe.start()
        let port = URL(string: probe.url)!.port!
        probe.stop(grace: 1)
        return port
    }

    func qbsync(_ harness: PipelineHarness, _ arguments: [String], port: Int) async -> (code: Int32, out: String, err: String) {
        var environment = harness.environment
        environment["QBSYNC_QBWC_PASSWORD"] = Self.password
        environment["QBSYNC_QBWC_LISTEN"] = "127.0.0.1:\(port)"
        let capture = OutputCapture()
        let code = await QBSync.run(arguments: arguments + ["--pipeline", harness.pipelineURL.path], environment: environment, capture: capture)
        return (code, capture.standardOutput, capture.standardError)
    }

    @Test func withoutTheWebConnectorTheLoadWaitsThenExitsThreeAndTheNextLoadGoesOn() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 12)
        let port = try Self.freePort()
        let waited = await qbsync(setup.harness, ["load", "--run", setup.run, "--wait", "1"], port: port)
        #expect(waited.code == 3, "\(waited.err)")
        #expect(waited.err.contains("waiting for QuickBooks") && waited.err.contains(setup.run), "\(waited.err)")
        #expect(!waited.err.contains("--run ID"))

        // The Web Connector comes: the next load takes every set, and reconcile reads the answers.
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let connector = SandboxWebConnector(
            url: URL(string: "http://127.0.0.1:\(port)/qbwc")!, userName: "qbsync", password: Self.password, quickBooks: company,
            noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }
        let loaded = await qbsync(setup.harness, ["load", "--run", setup.run, "--wait", "600"], port: port)
        #expect(loaded.code == 0, "\(loaded.err)")
        let reconciled = await qbsync(setup.harness, ["reconcile", "--run", setup.run], port: port)
        #expect(reconciled.code == 0, "\(reconciled.err)")
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: DesktopCompanyTransport(company: company), ledger: setup.ledger)
    }
}

/// `qbsync run` on a desktop pipeline, three times with OMS edits between (a price raised, a payment
/// edited, a new sale paid in part, a write-off, a return): each nightly serves the Web
/// Connector for its load; afterwards the books tie out to the OMS, every document once.
struct DesktopNightlyTests {
    @Test func nightliesWithEditsTieOutThroughTheWebConnector() async throws {
        let harness = try PipelineHarness(patients: 16, days: 30, seed: 21, pipelineExtra: DesktopLoadTests.desktop)
        let port = try DesktopLoadCommandTests.freePort()
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let connector = SandboxWebConnector(
            url: URL(string: "http://127.0.0.1:\(port)/qbwc")!, userName: "qbsync", password: DesktopLoadCommandTests.password,
            quickBooks: company, faults: SandboxWebConnectorFaults(loseAnswerEvery: 5), noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }
        let commands = DesktopLoadCommandTests()
        let first = await commands.qbsync(harness, ["run", "--wait", "600"], port: port)
        #expect(first.code == 0, "\(first.err)")

        let oms = try OMSScenario(harness)
        let patient = try oms.patient()
        let (sale, line) = try oms.sale(patient: patient, cents: 80_000)
        let payment = try oms.payment(patient: patient, cents: 30_000, sale: sale, applied: 30_000)
        let second = await commands.qbsync(harness, ["run", "--wait", "600"], port: port)
        #expect(second.code == 0, "\(second.err)")
        try oms.raisePrice(sale: sale, by: 5_000)
        try oms.editPayment(payment, cents: 25_000, sale: sale, applied: 25_000)
        _ = try oms.writeOff(sale: sale, cents: 2_000)
        _ = try oms.return(sale: sale, line: line, cents: 10_000)
        let third = await commands.qbsync(harness, ["run", "--wait", "600"], port: port)
        #expect(third.code == 0, "\(third.err)")

        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        try DesktopLoadTests().tiesOut(harness: harness, transport: DesktopCompanyTransport(company: company), ledger: ledger, invoicesAtLeast: 6)
        #expect(connector.calls.filter { $0.method == "authenticate" }.count > 3, "answers were lost along the way")
    }
}

/// `qbsync webconnector`'s work on a desktop pipeline: a transformed run waiting in the
/// workspace is handed out when the Web Connector comes, loaded once and tied out.
struct DesktopStandingWorkTests {
    @Test func theServiceHandsOutAWaitingRunsSetsWhenTheWebConnectorComes() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 17)
        let standing = DesktopStandingWork()
        let server = WebConnectorServer(
            service: WebConnectorService(
                settings: WebConnectorSettings(
                    userName: "qbsync", password: DesktopLoadCommandTests.password,
                    companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
                work: standing),
            host: "127.0.0.1", port: 0)
        try server.start()
        defer { server.stop(grace: 5) }
        let environment = CommandEnvironment(variables: setup.harness.environment)
        let pipeline = setup.harness.pipelineURL.path
        let loads = Task {
            try await CommandEnvironment.$current.withValue(environment) { try await standing.serve(pipeline: pipeline, every: .milliseconds(50)) }
        }
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let connector = SandboxWebConnector(
            url: URL(string: server.url)!, userName: "qbsync", password: DesktopLoadCommandTests.password, quickBooks: company,
            noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }
        // The run's load is done when its manifest says so.
        let manifest = setup.harness.latestRun.appendingPathComponent("manifest.json")
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            if text.contains("\"load\""), (try? FileStore.readJSON(manifest))?["stages"]?["load"]?["status"]?.stringValue == "done" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        standing.stop()
        loads.cancel()
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: DesktopCompanyTransport(company: company), ledger: setup.ledger)
    }
}

/// A desktop nightly needs none of QuickBooks Online's settings: with no realm, client id or
/// Online address in the environment it extracts, transforms and waits for the Web Connector.
struct DesktopNightlyWithoutOnlineSettingsTests {
    @Test func aDesktopNightlyDoesNotAskForOnlinesRealm() async throws {
        let harness = try PipelineHarness(patients: 12, days: 20, seed: 5, pipelineExtra: DesktopLoadTests.desktop)
        var environment = harness.environment
        for name in environment.keys where name.hasPrefix("QBSYNC_QBO_") || name == "QBSYNC_CLIENT_ID" { environment[name] = nil }
        environment["QBSYNC_QBWC_PASSWORD"] = DesktopLoadCommandTests.password
        environment["QBSYNC_QBWC_LISTEN"] = "127.0.0.1:\(try DesktopLoadCommandTests.freePort())"
        let capture = OutputCapture()
        let code = await QBSync.run(
            arguments: ["run", "--wait", "1", "--pipeline", harness.pipelineURL.path], environment: environment, capture: capture)
        #expect(code == 3, "\(capture.standardError)")
        #expect(capture.standardError.contains("waiting for QuickBooks"), "\(capture.standardError)")
        #expect(!capture.standardError.contains("QBSYNC_QBO_REALM"), "\(capture.standardError)")
    }
}
