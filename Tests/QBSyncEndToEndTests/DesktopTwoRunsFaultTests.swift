import Foundation
import Logging
import QBSyncCommands
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// Issue 15's second "Done when": the two nightlies of `DesktopTwoRunsTests` with every fault
/// on (answers lost, QuickBooks closed for a while, sessions cut short, records in use, locks,
/// internal errors, an answer lost after QuickBooks committed) and the second night's load
/// killed at each crash point, as the Online crash tests kill it: a new `qbsync load` finishes
/// the run. No document twice, nothing lost, the books and each run's totals as without faults.
struct DesktopTwoRunsFaultTests {
    /// QuickBooks's own faults, counted in write requests (and write sets) from its start each night.
    static let companyFaults = "in-use=3,lock=8,changed=13,internal-error=18,unavailable=23,unexpected=2"
    /// The Web Connector's: every 5th answer lost, each update cut after 4 exchanges.
    static let connectorFaults = SandboxWebConnectorFaults(loseAnswerEvery: 5, cutSessionAfter: 4)

    // One crash point at a time: nine clinics with their Web Connectors at once starve the other tests' loads.
    @Test(.serialized, arguments: LoadCrashPoint.allCases)
    func twoNightliesWithEveryFaultOnAndTheLoadKilledTieOutToTheOMS(at point: LoadCrashPoint) async throws {
        let clinic = try DesktopNightClinic(patients: 16, days: 24, seed: 29)
        defer { clinic.close() }
        let seeded = try DesktopSecondRun.seed(clinic.harness)
        // Night one: QuickBooks is closed for the first updates, then every fault hits.
        try clinic.open(faults: try DesktopFaults(spec: Self.companyFaults), connectorFaults: Self.connectorFaults, closedFor: 2)
        let first = await clinic.qbsync("run", "--wait", "1200")
        #expect(first.code == 0, "\(first.err)")
        let firstRun = clinic.harness.runID
        try await Self.reconcile(clinic, run: firstRun)
        let afterFirst = try clinic.snapshot()
        try DesktopTwoRunsTests.expectTiesOut(clinic, afterFirst, "after the first run (\(point.rawValue))")
        #expect(clinic.connector.calls.contains { $0.method == "connectionError" }, "QuickBooks was closed for a while")

        // Night two: the OMS changed; QuickBooks restarted with the same faults; the load is killed at `point`.
        _ = try seeded.apply(to: clinic.harness)
        try clinic.open(faults: try DesktopFaults(spec: Self.companyFaults), connectorFaults: Self.connectorFaults, closedFor: 1)
        let run = try await clinic.harness.prepareRun()
        let documents = try #require(try clinic.harness.batches(run).first { $0.wave == Wave.documents.rawValue }?.file)
        switch point {
        case .beforeFinish:
            #expect(try await Self.killedLoad(clinic, run: run, at: .crash(at: point)))
        case .afterAdopt:
            // Something is adopted only by a load that finds a set's outcome unknown: kill one after
            // a send first. A restart that settles by QuickBooks's stored answer adopts nothing.
            #expect(try await Self.killedLoad(clinic, run: run, at: .crash(at: .afterSend, batch: documents)))
            _ = try await Self.killedLoad(clinic, run: run, at: .crash(at: point))
        case .afterLedgerSave:
            #expect(try await Self.killedLoad(clinic, run: run, at: .crash(at: point, batch: documents, occurrence: 2)))
        default:
            #expect(try await Self.killedLoad(clinic, run: run, at: .crash(at: point, batch: documents)))
        }
        let restarted = await clinic.qbsync("load", "--run", run, "--wait", "1200")
        #expect(restarted.code == 0, "\(restarted.err)")
        try await Self.reconcile(clinic, run: run)
        let afterSecond = try clinic.snapshot()
        try DesktopTwoRunsTests.expectTiesOut(clinic, afterSecond, "after the second run (\(point.rawValue))")
        #expect(clinic.connector.calls.filter { $0.method == "authenticate" }.count > 3, "sessions were cut and answers lost")
        // QuickBooks's answers kept in the workspace show each of its faults hit.
        let kept = clinic.harness.texts(under: clinic.harness.workspace).filter { $0.0.hasSuffix(".qbxml") }.map(\.1).joined()
        for code in ["3175", "3176", "3170", "1000", "1010"] {
            #expect(kept.contains("statusCode=\"\(code)\""), "\(point.rawValue): QuickBooks never answered \(code)")
        }

        for (run, before, after) in [(firstRun, nil, afterFirst), (run, afterFirst, afterSecond)] {
            let totals = DesktopRunTotals(summary: try clinic.summary(run), before: before, after: after, run: run)
            #expect(totals.problems.isEmpty, "\(point.rawValue): \(totals.problems)")
        }
    }

    /// The run reconciled: every item synced, none left for a person (what QuickBooks could not
    /// take at once went again in the same load).
    static func reconcile(_ clinic: DesktopNightClinic, run: String) async throws {
        let reconciled = await clinic.qbsync("reconcile", "--run", run)
        #expect(reconciled.code == 0, "run \(run): \(reconciled.out) \(reconciled.err)")
        #expect(try clinic.harness.openLedger().items(in: .failed).map(\.ref) == [], "run \(run)")
    }

    /// The load of `run` as `qbsync load` runs it (its endpoint on the clinic's port, answers
    /// kept before they are acknowledged), killed where `points` says: the endpoint goes with it.
    /// True when it was killed, false when it finished first.
    static func killedLoad(_ clinic: DesktopNightClinic, run: String, at points: LoadCrashPoints) async throws -> Bool {
        let harness = clinic.harness
        let answers = harness.workspace.appendingPathComponent("runs/\(run)/3-load/answers")
        let work = DesktopLoadWork { id, answer in
            try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
            try FileStore.writeAtomically(Array(answer.utf8), to: answers.appendingPathComponent("\(id).qbxml"))
        }
        let service = WebConnectorService(
            settings: WebConnectorSettings(
                userName: "qbsync", password: DesktopNightClinic.password,
                companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
            work: work)
        let server = WebConnectorServer(service: service, host: "127.0.0.1", port: clinic.port)
        try server.start()
        defer { server.stop(grace: 1) }
        let settings = try harness.settings()
        var logger = Logger(label: "desktop-killed-load")
        logger.logLevel = .critical
        var loader = Loader(
            settings: settings, ledger: try harness.openLedger(), edition: DesktopEdition(transport: work, leakCheckWorkspace: settings.workspace),
            logger: logger, actor: "e2e-test")
        loader.crashPoints = points
        do {
            _ = try await loader.run(runID: run)
            work.finish()
            return false
        } catch is SimulatedLoadCrash {
            work.expire(reason: "the load was killed")
            return true
        }
    }
}
