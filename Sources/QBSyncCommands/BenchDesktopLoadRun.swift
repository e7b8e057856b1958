import Foundation
import Logging
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import QBSyncXML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Desktop load measured by `qbsync bench-load`: a generated OMS extracted, transformed into
/// qbXML message sets and loaded through the whole Web Connector exchange on loopback: qbsync's
/// SOAP service over HTTP, the sandbox's polling Web Connector (waiting 5 s after a `NoOp`, as
/// the real one does) and its QuickBooks Desktop company in memory. Everything lives in `folder`.
struct BenchDesktopLoadRun {
    /// What the load did and what went through the Web Connector.
    struct Figures {
        var result: LoadResult
        var elapsed: TimeInterval
        /// CPU seconds (user + system, every thread) this process spent during the load: the
        /// figure that still means something on a machine shared with other work.
        var cpuSeconds: Double
        /// qbXML requests QuickBooks ran (writes, the preflight's queries and lookups).
        var requests: Int
        /// Message sets handed out (each `sendRequestXML` answered with qbXML).
        var sets: Int
        /// `NoOp` answers: each cost the Web Connector 5 idle seconds.
        var noOps: Int

        /// Requests a second, end to end.
        var requestsPerSecond: Double { elapsed > 0 ? Double(requests) / elapsed : 0 }
    }

    /// The Web Connector's password for the benchmark's own service; nothing else knows it.
    static let password = "bench-only-password"

    let oms: URL
    let folder: URL

    /// Extracts, transforms and loads the OMS through the Web Connector exchange.
    func measure() async throws -> Figures {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pipeline = folder.appendingPathComponent("bench-desktop.toml")
        // Generated people only, and as for Online the load's pace is measured: redaction is off.
        try """
            name = "bench-desktop"
            workspace = "\(folder.appendingPathComponent("workspace").path)"
            [oms]
            database = "\(oms.path)"
            [quickbooks]
            edition = "desktop"
            [redaction]
            enabled = false
            disabled_by = "qbsync bench-load (generated data)"
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let settings = try PipelineSettings.load(path: pipeline.path, environment: [:])
        let ledger = try Ledger(url: settings.workspace.appendingPathComponent("ledger.sqlite"))
        var logger = Logger(label: "qbsync-bench-desktop")
        logger.logLevel = .critical
        let run = try Extractor(settings: settings, ledger: ledger, oms: try OMSDatabase(path: oms.path), actor: "bench", logger: logger)
            .run().run.id
        _ = try Transformer(settings: settings, ledger: ledger, logger: logger).run(runID: run)

        let work = DesktopLoadWork()
        let service = WebConnectorService(
            settings: WebConnectorSettings(
                userName: "qbsync", password: Self.password,
                companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
            work: work)
        let server = WebConnectorServer(service: service, host: "127.0.0.1", port: 0)
        try server.start()
        defer { server.stop(grace: 5) }
        let company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        let quickBooks = CountingQuickBooks(company)
        guard let url = URL(string: server.url) else { throw BenchDesktopFailure(reason: "no address for \(server.url)") }
        let connector = SandboxWebConnector(url: url, userName: "qbsync", password: Self.password, quickBooks: quickBooks)
        let polling = Task { await connector.poll(every: .seconds(1)) { _ in } }
        defer { polling.cancel() }

        let edition = DesktopEdition(transport: work, leakCheckWorkspace: nil)
        let cpuBefore = Self.cpuSeconds()
        let started = Date()
        let result = try await Loader(settings: settings, ledger: ledger, edition: edition, logger: logger, actor: "bench").run(runID: run)
        work.finish()
        let elapsed = Date().timeIntervalSince(started)
        let cpu = Self.cpuSeconds() - cpuBefore
        let handed = connector.calls.filter { $0.method == "sendRequestXML" }
        return Figures(
            result: result, elapsed: elapsed, cpuSeconds: cpu, requests: quickBooks.requests,
            sets: handed.filter { $0.result == "qbXML" }.count, noOps: handed.filter { $0.result == "NoOp" }.count)
    }

    /// User plus system CPU seconds of this process so far (every thread).
    static func cpuSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}

/// The sandbox's company, counting the qbXML requests in each message set it runs.
private final class CountingQuickBooks: DesktopQuickBooks, @unchecked Sendable {
    private let company: DesktopCompany
    private let lock = NSLock()
    private var counted = 0

    init(_ company: DesktopCompany) { self.company = company }

    var requests: Int { lock.withLock { counted } }
    var companyFilePath: String { company.companyFilePath }
    func openSession(companyFile: String) -> DesktopSessionOpening { company.openSession(companyFile: companyFile) }
    func hostCompanyPreferencesResponse() -> String { company.hostCompanyPreferencesResponse() }
    func closeSession() { company.closeSession() }

    func process(_ request: String) -> DesktopAnswer {
        // Each request is a child element of the set's `<QBXMLMsgsRq>`.
        let count = (try? XMLTreeReader.read(request).root.child("QBXMLMsgsRq")?.children.count) ?? 0
        lock.withLock { counted += count }
        return company.process(request)
    }
}

/// The Desktop benchmark could not be set up.
struct BenchDesktopFailure: LocalizedError {
    var reason: String
    var errorDescription: String? { "bench-load's Desktop load could not run: \(reason)" }
}
