import Foundation
import Logging
import QBSyncCommands
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// The Desktop load's pace through the Web Connector: while the load prepares its next message
/// set the service holds its answer instead of telling the Web Connector `NoOp` (which costs 5
/// idle seconds each time), so a run of many sets goes through one update without a single idle
/// wait. Counted, never timed: the machine's clock means nothing while others build.
struct DesktopPaceTests {
    @Test func aMultiSetRunGoesThroughTheWebConnectorWithoutOneIdleWait() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 9)
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let work = DesktopLoadWork()
        let service = WebConnectorService(
            settings: WebConnectorSettings(
                userName: "qbsync", password: DesktopLoadCommandTests.password,
                companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
            work: work)
        let server = WebConnectorServer(service: service, host: "127.0.0.1", port: 0)
        try server.start()
        defer { server.stop(grace: 5) }
        // The Web Connector polls before the load has queued anything, as a scheduled one would.
        let connector = SandboxWebConnector(
            url: URL(string: server.url)!, userName: "qbsync", password: DesktopLoadCommandTests.password, quickBooks: company,
            noOpWait: .milliseconds(10))
        let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
        defer { polling.cancel() }

        let edition = DesktopEdition(transport: work, leakCheckWorkspace: setup.settings.workspace)
        let loader = Loader(settings: setup.settings, ledger: setup.ledger, edition: edition, logger: Logger(label: "desktop-pace"), actor: "e2e-test")
        let result = try await loader.run(runID: setup.run)
        work.finish()
        #expect(result.failed == 0)
        // The Web Connector hears the last percent once the load is over: its update then closes.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !connector.calls.contains(where: { $0.method == "closeConnection" && $0.result.hasPrefix("OK") }) {
            try await Task.sleep(for: .milliseconds(20))
        }

        let handedOut = connector.calls.filter { $0.method == "sendRequestXML" && $0.result == "qbXML" }.count
        #expect(handedOut >= 5, "a run of several message sets and the preflight's queries")
        let noOps = connector.calls.filter { $0.method == "sendRequestXML" && $0.result == "NoOp" }.count
        #expect(noOps == 0, "the Web Connector was told to wait \(noOps) time(s) for \(handedOut) sets")
        // Every set in the one update: its last answer said 100 and the update closed cleanly.
        let percents = connector.calls.filter { $0.method == "receiveResponseXML" }.map(\.result)
        #expect(percents.count == handedOut && percents.last == "100", "\(percents)")
        #expect(connector.calls.filter { $0.method == "authenticate" && $0.result.hasSuffix("|") }.count == 1)
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: DesktopCompanyTransport(company: company), ledger: setup.ledger)
    }
}
