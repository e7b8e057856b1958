import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncSandbox

/// `qbsync bench-load` (not in the main help; `make bench-load` runs it): loads a generated OMS
/// into an in-process sandbox that keeps QuickBooks's limits with a shortened minute, three
/// times: clean, with every Nth answer lost after QuickBooks applied the batch, and with other
/// processes keeping the cores busy. It prints the operations a minute achieved against the
/// 1,200 a minute one company can take (40 batch requests of 30), whether QuickBooks's throttle
/// ever refused a request, and how long the load took to settle each lost answer. Then the
/// Desktop load's pace: qbXML requests a second through the Web Connector exchange on loopback
/// (`BenchDesktopLoadRun`), and how many times the Web Connector was told to wait.
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

    @Option(name: .customLong("drop-every"), help: "In the lost-answers load, reset the connection after every Nth write.")
    var dropEvery = 5

    @Option(name: .customLong("busy-cores"), help: "Spinning processes kept running during the busy-machine load.")
    var busyCores = 2

    @Option(name: .customLong("desktop-patients"), help: "Patients in the OMS generated for the Desktop load (default: a quarter of --patients; 0: none).")
    var desktopPatients: Int?

    /// Requests a second the Desktop load must reach: a busy clinic's nightly of 2,000 requests
    /// within about 3 minutes of the Web Connector's update, a year of history (about 100,000)
    /// within a night.
    static let desktopTarget = 10.0

    func validate() throws {
        guard patients > 0, days > 0 else { throw ValidationError("--patients and --days must be positive.") }
        guard minuteSeconds >= 1 else { throw ValidationError("--minute-seconds must be at least 1.") }
        guard dropEvery >= 2 else { throw ValidationError("--drop-every must be 2 or more.") }
        guard busyCores >= 0 else { throw ValidationError("--busy-cores must not be negative.") }
        guard (desktopPatients ?? 0) >= 0 else { throw ValidationError("--desktop-patients must not be negative.") }
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
        func bench(_ name: String) -> BenchLoadRun {
            BenchLoadRun(oms: oms, folder: folder.appendingPathComponent(name), minuteSeconds: minuteSeconds)
        }

        let environment = CommandEnvironment.current
        environment.write(
            "bench-load: \(patients) patients, \(days) days; a minute is \(Self.number(minuteSeconds)) s for the sandbox and the pacing alike")
        let clean = try await bench("clean").measure()
        report(clean)

        // The same load with every Nth batch's answer lost after QuickBooks applied it.
        var lossy = SandboxFaults()
        lossy.dropAfterApplyEvery = dropEvery
        let lost = try await bench("lost-answers").measure(faults: lossy)
        let recoveries = lost.recoveries
        let average = recoveries.isEmpty ? 0 : recoveries.reduce(0, +) / Double(recoveries.count)
        environment.write(
            "lost answers: \(recoveries.count) (every \(dropEvery)th write), recovered in \(Self.number(average)) s on average, \(Self.number(recoveries.max() ?? 0)) s at most (target: under 5 s); 429: \(Self.throttles(lost.statistics))")

        // And again while other processes keep the cores busy: pacing must hold when requests
        // are delayed on their way out.
        let busy = try BusyCores(count: busyCores)
        let loaded = try await bench("busy").measure()
        busy.stop()
        environment.write(
            "busy machine (\(busyCores) spinning processes): \(Int(Self.perMinute(loaded, minuteSeconds: minuteSeconds).rounded())) operations a minute; 429: \(Self.throttles(loaded.statistics)) (target: never)")

        // A quarter of the Online clinic: 250 patients for make bench, every set still goes through the exchange.
        let desktop = desktopPatients ?? max(1, patients / 4)
        if desktop > 0 { try await benchDesktop(folder, patients: desktop) }
    }

    /// The Desktop load through the Web Connector, on an OMS of its own (`--desktop-patients`).
    private func benchDesktop(_ folder: URL, patients: Int) async throws {
        var options = SampleOptions()
        options.patients = patients
        options.days = days
        options.seed = seed
        let oms = folder.appendingPathComponent("oms-desktop.sqlite")
        _ = try SampleGenerator.write(to: oms, options: options)
        let figures = try await BenchDesktopLoadRun(oms: oms, folder: folder.appendingPathComponent("desktop")).measure()
        CommandEnvironment.current.write(
            "desktop: \(figures.requests) requests in \(figures.sets) message sets through the Web Connector in \(Self.number(figures.elapsed)) s "
                + "(\(Self.number(figures.cpuSeconds)) s CPU, user+sys) = \(Self.number(figures.requestsPerSecond)) requests a second; "
                + "NoOp waits: \(figures.noOps); failed: \(figures.result.failed) "
                + "(target: at least \(Int(Self.desktopTarget)) requests a second, no NoOp while the load keeps up)")
    }

    private func report(_ figures: BenchLoadRun.Figures) {
        let result = figures.result
        let posted = result.results.filter { $0.batch != nil && !$0.failed }.count
        let minutes = figures.elapsed / minuteSeconds
        let perMinute = Self.perMinute(figures, minuteSeconds: minuteSeconds)
        let ceiling = Double(figures.limits.batchRequestsPerMinute * 30)
        let batchesPerMinute = Double(result.sent) / minutes
        let environment = CommandEnvironment.current
        environment.write(
            "load: \(posted) operations in \(result.sent) batch requests (\(figures.statistics.requests) requests in all) in \(Self.number(figures.elapsed)) s = \(Self.number(minutes)) scaled minutes")
        environment.write(
            "achieved: \(Int(perMinute.rounded())) operations a minute, \(Int((perMinute / ceiling * 100).rounded()))% of the \(Int(ceiling)) ceiling (\(figures.limits.batchRequestsPerMinute) batches x 30); \(Self.number(batchesPerMinute)) batch requests a minute of \(figures.limits.batchRequestsPerMinute)")
        environment.write("throttled (429): \(Self.throttles(figures.statistics))")
    }

    private static func perMinute(_ figures: BenchLoadRun.Figures, minuteSeconds: Double) -> Double {
        let posted = figures.result.results.filter { $0.batch != nil && !$0.failed }.count
        return Double(posted) / (figures.elapsed / minuteSeconds)
    }

    private static func throttles(_ statistics: SandboxStatistics) -> String {
        statistics.throttledByLimits == 0 ? "never" : "\(statistics.throttledByLimits) time(s)"
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
