import Foundation
import Logging
import QBSyncCommands
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// The Desktop load through the Web Connector, all in process over real HTTP on loopback: the
/// load waits in `DesktopLoadWork` while the sandbox's Web Connector polls `qbsync`'s SOAP
/// service and carries each set to the sandbox's QuickBooks Desktop company. Every document
/// once and tied out to the OMS, with answers lost, sessions cut short and QuickBooks closed
/// for a while; no patient detail in the company's stored folder.
struct DesktopWebConnectorLoadTests {
    static let password = "Tr0ub4dor&3-horse"

    @Test(arguments: [
        SandboxWebConnectorFaults(),
        SandboxWebConnectorFaults(loseAnswerEvery: 4, cutSessionAfter: 7),
    ])
    func aRunLoadsOnceThroughTheWebConnector(faults: SandboxWebConnectorFaults) async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 5)
        let companyFolder = setup.harness.folder.appendingPathComponent("desktop-company")
        let company = try DesktopCompany(folder: companyFolder)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let faulty = faults != SandboxWebConnectorFaults()
        // QuickBooks is closed for the first update: the run waits, nothing fails.
        if faulty { company.faults.notRunning = true }

        let answers = setup.harness.folder.appendingPathComponent("answers")
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        let work = DesktopLoadWork { id, answer in
            try answer.write(to: answers.appendingPathComponent("\(id).qbxml"), atomically: true, encoding: .utf8)
        }
        let service = WebConnectorService(
            settings: WebConnectorSettings(
                userName: "qbsync", password: Self.password,
                companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
            work: work)
        let server = WebConnectorServer(service: service, host: "127.0.0.1", port: 0)
        try server.start()
        defer { server.stop(grace: 5) }
        let connector = SandboxWebConnector(
            url: URL(string: server.url)!, userName: "qbsync", password: Self.password, quickBooks: company, faults: faults,
            noOpWait: .milliseconds(10))
        let updates = UpdateCount()
        let polling = Task {
            await connector.poll(every: .milliseconds(10)) { _ in
                if updates.next() == 1 { company.faults.notRunning = false }
            }
        }
        defer { polling.cancel() }

        let edition = DesktopEdition(transport: work, leakCheckWorkspace: setup.settings.workspace)
        let loader = Loader(settings: setup.settings, ledger: setup.ledger, edition: edition, logger: Logger(label: "desktop-wc-test"), actor: "e2e-test")
        var result = try await loader.run(runID: setup.run)
        var tries = 1
        while result.failed > 0, tries < 3 {
            tries += 1
            result = try await loader.run(runID: setup.run)
        }
        work.finish()
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        if faulty {
            #expect(connector.calls.contains { $0.method == "connectionError" }, "QuickBooks was closed for the first update")
            #expect(connector.calls.filter { $0.method == "authenticate" }.count > 3, "sessions were cut short and answers lost")
        }
        // The books, read straight from the company.
        let reader = DesktopCompanyTransport(company: company)
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: reader, ledger: setup.ledger)

        // No patient detail in the company's stored folder, nor in the answers kept.
        let secrets = try DesktopLoadTests.patientSecrets(setup.harness)
        for (path, text) in setup.harness.texts(under: companyFolder) + setup.harness.texts(under: answers) {
            let lowered = text.lowercased()
            for secret in secrets where lowered.contains(secret) { Issue.record("a patient's detail appears in \(path)") }
        }
    }
}

/// Counts the Web Connector's updates from its polling task.
final class UpdateCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
