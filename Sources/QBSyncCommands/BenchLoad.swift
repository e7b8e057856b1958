import ArgumentParser
import Foundation
import Logging
import QBSyncCore
import QBSyncSandbox

/// `qbsync bench-load` (not in the main help; `make bench-load` runs it): loads a generated OMS
/// into an in-process sandbox that keeps QuickBooks's limits with a shortened minute, and prints
/// the operations a minute achieved against the 1,200 a minute one company can take (40 batch
/// requests of 30), and whether QuickBooks's throttle ever refused a request.
struct BenchLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-load",
        abstract: "Measure the load's pace against QuickBooks's limits (a benchmark; prints figures).",
        discussion: """
            Everything happens in a temporary folder with a sandbox on loopback; nothing of yours \
            is read or written. The sandbox and the load's pacing share a minute of \
            --minute-seconds, so the figures are per scaled minute.

            Example:
              qbsync bench-load --patients 1000 --days 120 --minute-seconds 6
            """,
        shouldDisplay: false)

    @Option(help: "Patients in the generated OMS.")
    var patients = 1000

    @Option(help: "Days of activity in the generated OMS.")
    var days = 120

    @Option(help: "The seed of the generated OMS.")
    var seed: UInt64 = 1

    @Option(name: .customLong("minute-seconds"), help: "The length of a minute, for the sandbox and the pacing alike.")
    var minuteSeconds: Double = 6

    func validate() throws {
        guard patients > 0, days > 0 else { throw ValidationError("--patients and --days must be positive.") }
        guard minuteSeconds >= 1 else { throw ValidationError("--minute-seconds must be at least 1.") }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = SampleOptions()
        options.patients = patients
        options.days = days
        options.seed = seed
        let oms = folder.appendingPathComponent("oms.sqlite")
        _ = try SampleGenerator.write(to: oms, options: options)

        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.limits.minuteSeconds = minuteSeconds
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
        report(result, elapsed: elapsed, statistics: sandbox.statistics, limits: limits)
    }

    private func report(_ result: LoadResult, elapsed: TimeInterval, statistics: SandboxStatistics, limits: RequestPacer.Limits) {
        let posted = result.results.filter { $0.batch != nil && !$0.failed }.count
        let minutes = elapsed / minuteSeconds
        let perMinute = Double(posted) / minutes
        let ceiling = Double(limits.batchRequestsPerMinute * 30)
        let batchesPerMinute = Double(result.sent) / minutes
        let environment = CommandEnvironment.current
        environment.write(
            "bench-load: \(patients) patients, \(days) days; a minute is \(Self.number(minuteSeconds)) s for the sandbox and the pacing alike")
        environment.write(
            "load: \(posted) operations in \(result.sent) batch requests (\(statistics.requests) requests in all) in \(Self.number(elapsed)) s = \(Self.number(minutes)) scaled minutes")
        environment.write(
            "achieved: \(Int(perMinute.rounded())) operations a minute, \(Int((perMinute / ceiling * 100).rounded()))% of the \(Int(ceiling)) ceiling (\(limits.batchRequestsPerMinute) batches x 30); \(Self.number(batchesPerMinute)) batch requests a minute of \(limits.batchRequestsPerMinute)")
        environment.write(
            "throttled (429): \(statistics.throttledByLimits == 0 ? "never" : "\(statistics.throttledByLimits) time(s)")")
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
