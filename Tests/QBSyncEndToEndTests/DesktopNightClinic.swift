import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncWebConnector

/// A Desktop clinic in a temporary folder, all in process over real HTTP on loopback: a
/// generated OMS and a desktop pipeline (`PipelineHarness`), the sandbox's QuickBooks Desktop
/// company kept in a folder, and its Web Connector polling `http://127.0.0.1:PORT/qbwc`, where
/// each `qbsync run` / `qbsync load` serves the endpoint while it loads. `open(...)` starts (or
/// restarts, as after a night with QuickBooks closed) the company and the Web Connector with
/// the faults of one night.
final class DesktopNightClinic {
    static let password = "Tr0ub4dor&3-horse"
    let harness: PipelineHarness
    let port: Int
    let companyFolder: URL
    private(set) var company: DesktopCompany
    private(set) var connector: SandboxWebConnector
    private var polling: Task<Void, Never>?

    init(patients: Int = 14, days: Int = 24, seed: UInt64) throws {
        harness = try PipelineHarness(patients: patients, days: days, seed: seed, pipelineExtra: DesktopLoadTests.desktop)
        port = try DesktopLoadCommandTests.freePort()
        companyFolder = harness.folder.appendingPathComponent("desktop-company")
        company = try DesktopCompany(folder: companyFolder)
        // As the Web Connector does on its first connection: the company file's FileID under qbsync's OwnerID.
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        connector = SandboxWebConnector(
            url: URL(string: "http://127.0.0.1:\(port)/qbwc")!, userName: "qbsync", password: Self.password, quickBooks: company)
    }

    deinit { polling?.cancel() }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/qbwc")! }

    /// QuickBooks opened on the company (a new process: the numbered faults count from here) and
    /// the Web Connector polling every 150 ms (waiting 10 ms after a `NoOp`); QuickBooks refuses
    /// to start for the first `closedFor` updates.
    func open(faults: DesktopFaults = DesktopFaults(), connectorFaults: SandboxWebConnectorFaults = SandboxWebConnectorFaults(), closedFor: Int = 0) throws {
        polling?.cancel()
        var faults = faults
        faults.notRunning = closedFor > 0
        let company = try DesktopCompany(folder: companyFolder, faults: faults)
        let connector = SandboxWebConnector(
            url: url, userName: "qbsync", password: Self.password, quickBooks: company, faults: connectorFaults, noOpWait: .milliseconds(10))
        let updates = UpdateCount()
        polling = Task {
            // Often enough that a load never waits long, rarely enough that a suite of clinics
            // polling at once leaves the machine to the other tests' Web Connectors.
            await connector.poll(every: .milliseconds(150)) { _ in
                if closedFor > 0, updates.next() == closedFor { company.faults.notRunning = false }
            }
        }
        self.company = company
        self.connector = connector
    }

    /// Stops the Web Connector (QuickBooks's day is over).
    func close() {
        polling?.cancel()
        polling = nil
    }

    /// Runs one qbsync command line in-process with the Web Connector's settings; its exit code and output.
    func qbsync(_ arguments: String...) async -> (code: Int32, out: String, err: String) {
        await qbsync(arguments)
    }

    /// `qbsync` with the arguments as an array.
    func qbsync(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        var environment = harness.environment
        environment["QBSYNC_QBWC_PASSWORD"] = Self.password
        environment["QBSYNC_QBWC_LISTEN"] = "127.0.0.1:\(port)"
        let capture = OutputCapture()
        let code = await QBSync.run(
            arguments: arguments + ["--pipeline", harness.pipelineURL.path], environment: environment, capture: capture)
        return (code, capture.standardOutput, capture.standardError)
    }

    /// The company as its folder holds it now.
    func snapshot() throws -> DesktopCompanySnapshot { try DesktopCompanySnapshot(folder: companyFolder) }

    /// A run's `4-reconcile/summary.json`.
    func summary(_ run: String) throws -> JSONValue {
        try FileStore.readJSON(harness.workspace.appendingPathComponent("runs/\(run)/4-reconcile/summary.json"))
    }
}
