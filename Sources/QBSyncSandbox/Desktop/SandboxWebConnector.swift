import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The sandbox's QuickBooks Web Connector: polls qbsync's SOAP service as QBWC does and hands
/// each request message set to a `DesktopQuickBooks`. One update is serverVersion,
/// clientVersion, authenticate, then (sendRequestXML, process, receiveResponseXML)… and
/// closeConnection, with connectionError when QuickBooks will not open and getLastError after
/// an empty request or a negative percent.
public final class SandboxWebConnector: @unchecked Sendable {
    /// QBWC's version string, sent to `clientVersion`.
    public static let version = "2.3.0.215"

    let client: SOAPClient
    private let userName: String
    private let password: String
    let quickBooks: any DesktopQuickBooks
    let faults: SandboxWebConnectorFaults
    let noOpWait: Duration
    let lock = NSLock()
    var processed = 0
    var log: [SandboxWebConnectorCall] = []

    /// A Web Connector for the service at `url`, logging in as `userName`; `noOpWait` is how long
    /// it waits after `NoOp` (QBWC: 5 seconds).
    public init(
        url: URL, userName: String, password: String, quickBooks: any DesktopQuickBooks,
        faults: SandboxWebConnectorFaults = SandboxWebConnectorFaults(), noOpWait: Duration = .seconds(5)
    ) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        self.client = SOAPClient(url: url, session: URLSession(configuration: configuration))
        self.userName = userName
        self.password = password
        self.quickBooks = quickBooks
        self.faults = faults
        self.noOpWait = noOpWait
    }

    /// Every call made so far and its result (qbXML left out), oldest first.
    public var calls: [SandboxWebConnectorCall] { lock.withLock { log } }

    /// Runs updates every `interval` until the task is cancelled; `report` hears each outcome.
    public func poll(every interval: Duration, report: @Sendable (SandboxWebConnectorUpdate) -> Void) async {
        while !Task.isCancelled {
            report(await update())
            try? await Task.sleep(for: interval)
        }
    }

    /// The service polled.
    public var description: String { client.url.absoluteString }

    /// One update, as QBWC runs it on its schedule or on Update Selected.
    public func update() async -> SandboxWebConnectorUpdate {
        do {
            return try await runUpdate()
        } catch {
            return .unreachable(String(describing: error))
        }
    }

    private func runUpdate() async throws -> SandboxWebConnectorUpdate {
        _ = try await call("serverVersion", [])
        let clientAnswer = try await call("clientVersion", [("strVersion", Self.version)]).text
        if clientAnswer.hasPrefix("E:") || clientAnswer.hasPrefix("O:") { return .versionRefused(clientAnswer) }
        let login = try await call("authenticate", [("strUserName", userName), ("strPassword", password)]).strings
        let ticket = login.first ?? ""
        switch login.count > 1 ? login[1] : "nvu" {
        case "nvu":
            _ = try await call("closeConnection", [("ticket", ticket)])
            return .invalidUser
        case "none":
            _ = try await call("closeConnection", [("ticket", ticket)])
            return .noWork
        case "busy":
            _ = try await call("closeConnection", [("ticket", ticket)])
            return .busy
        case let companyFile:
            if let failure = try await open(companyFile, ticket: ticket) {
                _ = try await call("closeConnection", [("ticket", ticket)])
                return failure
            }
            defer { quickBooks.closeSession() }
            return try await exchange(ticket: ticket)
        }
    }

    /// Opens QuickBooks; on failure tells `connectionError` and tries the file it names, twice at
    /// most, as QBWC does.
    private func open(_ companyFile: String, ticket: String) async throws -> SandboxWebConnectorUpdate? {
        var file = companyFile
        for _ in 0..<3 {
            guard case .failed(let hresult, let message) = quickBooks.openSession(companyFile: file) else { return nil }
            let next = try await call("connectionError", [("ticket", ticket), ("hresult", hresult), ("message", message)]).text
            if next == "done" { return .quickBooksNotRunning(hresult: hresult) }
            file = next
        }
        return .quickBooksNotRunning(hresult: "0x80040408")
    }
}
