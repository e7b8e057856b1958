import Foundation
import Logging
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox

/// One load measured by `qbsync bench-load`: a generated OMS extracted, transformed and loaded
/// into a fresh in-process sandbox (with the given faults) that keeps QuickBooks's limits in a
/// shortened minute, the load's pacing shortened alike. Everything lives in `folder`.
struct BenchLoadRun {
    /// What the load did and what the sandbox saw.
    struct Figures {
        var result: LoadResult
        var elapsed: TimeInterval
        var statistics: SandboxStatistics
        var limits: RequestPacer.Limits
        /// For each answer lost after QuickBooks applied a batch: seconds from that batch's send
        /// to the moment its operations were settled (looked up, or sent again and answered).
        var recoveries: [TimeInterval]
    }

    let oms: URL
    let folder: URL
    let minuteSeconds: Double

    /// Runs the pipeline up to and through the load against a sandbox with `faults`.
    func measure(faults: SandboxFaults = SandboxFaults()) async throws -> Figures {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.limits.minuteSeconds = minuteSeconds
        sandboxConfiguration.faults = faults
        let sandbox = try SandboxServer(configuration: sandboxConfiguration)
        try sandbox.start()
        defer { sandbox.stop() }

        let pipeline = folder.appendingPathComponent("bench.toml")
        // Generated people only, and the load's pace is what is measured: redaction (and its
        // leak check, which would take most of the time) is off.
        try """
            name = "bench"
            workspace = "\(folder.appendingPathComponent("workspace").path)"
            [oms]
            database = "\(oms.path)"
            [redaction]
            enabled = false
            disabled_by = "qbsync bench-load (generated data)"
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let settings = try PipelineSettings.load(
            path: pipeline.path,
            environment: [
                "QBSYNC_QBO_BASE_URL": sandbox.baseURL, "QBSYNC_QBO_TOKEN_URL": sandbox.tokenURL,
                "QBSYNC_QBO_AUTH_URL": sandbox.authorizeURL, "QBSYNC_QBO_REALM": sandboxConfiguration.realm,
                "QBSYNC_CLIENT_ID": sandboxConfiguration.clientID, "QBSYNC_CLIENT_SECRET": sandboxConfiguration.clientSecret,
                "QBSYNC_REFRESH_TOKEN": sandboxConfiguration.seedRefreshToken,
            ])
        let ledger = try Ledger(url: settings.workspace.appendingPathComponent("ledger.sqlite"))
        var logger = Logger(label: "qbsync-bench")
        logger.logLevel = .critical
        let run = try Extractor(settings: settings, ledger: ledger, oms: try OMSDatabase(path: oms.path), actor: "bench", logger: logger)
            .run().run.id
        _ = try Transformer(settings: settings, ledger: ledger, logger: logger).run(runID: run)

        // The load's pacing keeps QuickBooks's limits in the same shortened minute (and margin).
        var limits = settings.quickbooks.limits
        limits.minute = minuteSeconds
        limits.margin *= minuteSeconds / 60
        let api = try LiveQuickBooks.api(settings: settings, logger: logger, limits: limits)
        let started = Date()
        let result = try await Loader(settings: settings, ledger: ledger, api: api, logger: logger, actor: "bench").run(runID: run)
        let elapsed = Date().timeIntervalSince(started)
        let journal = settings.workspace.appendingPathComponent("runs/\(run)/3-load/journal.jsonl")
        return Figures(
            result: result, elapsed: elapsed, statistics: sandbox.statistics, limits: limits,
            recoveries: Self.recoveries(journal: journal))
    }

    /// From the journal: for every uncertain outcome, the time from its batch's last intent to
    /// the next event that settled the batch (an answer, or the results of the lookups).
    static func recoveries(journal: URL) -> [TimeInterval] {
        let text = (try? String(contentsOf: journal, encoding: .utf8)) ?? ""
        var sentAt: [String: Int] = [:]
        var lost: [String: Int] = [:]
        var recoveries: [TimeInterval] = []
        for line in text.split(separator: "\n") {
            guard let event = try? JSONParser.parse(String(line)), let batch = event["batch"]?.stringValue,
                let at = event["at_ms"]?.intValue
            else { continue }
            switch event["event"]?.stringValue {
            case "intent":
                sentAt[batch] = at
            case "uncertain":
                if lost[batch] == nil, let sent = sentAt[batch] { lost[batch] = sent }
            case "answer", "results":
                if let sent = lost.removeValue(forKey: batch) { recoveries.append(Double(at - sent) / 1000) }
            default:
                break
            }
        }
        return recoveries
    }
}
