import Foundation
import QBSyncSandbox
import QBSyncWebConnector

/// The service on an ephemeral loopback port, in-process, with the sandbox's Web Connector
/// polling it over real HTTP.
final class WebConnectorHarness: @unchecked Sendable {
    static let password = "Tr0ub4dor&3-horse"

    let server: WebConnectorServer
    let service: WebConnectorService
    let work: QueueWork
    let quickBooks: RecordingQuickBooks
    private let lines = LogLines()

    init(
        work: QueueWork, quickBooks: RecordingQuickBooks = RecordingQuickBooks(), companyName: String? = nil,
        earliestDate: String? = nil, busy: @escaping @Sendable () -> Bool = { false }
    ) throws {
        self.work = work
        self.quickBooks = quickBooks
        let settings = WebConnectorSettings(
            userName: "qbsync", password: Self.password,
            companyCheck: ExpectedCompany(
                ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""), companyName: companyName,
                earliestTransactionDate: earliestDate),
            loadLockHeldElsewhere: busy)
        let lines = self.lines
        let service = WebConnectorService(settings: settings, work: work, log: { lines.append($0) })
        self.service = service
        server = WebConnectorServer(service: service, host: "127.0.0.1", port: 0)
        try server.start()
    }

    /// A Web Connector for this service.
    func connector(password: String = WebConnectorHarness.password, faults: SandboxWebConnectorFaults = .init()) -> SandboxWebConnector {
        SandboxWebConnector(
            url: URL(string: server.url)!, userName: "qbsync", password: password, quickBooks: quickBooks, faults: faults,
            noOpWait: .milliseconds(20))
    }

    /// The service's log lines.
    var log: [String] { lines.all }

    func stop() { server.stop(grace: 5) }
}

/// Lines written from any thread.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
