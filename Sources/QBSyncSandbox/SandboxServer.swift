import Foundation
import QBSyncJSON

/// A local QuickBooks-Online-compatible server on loopback: Intuit's OAuth endpoints and the
/// accounting API (batch, query, entities) for one company, strict the way QuickBooks is, so a
/// client that passes against it sends documents QuickBooks accepts. Tests run it in-process:
///
///     let server = try SandboxServer(configuration: SandboxConfiguration())
///     try server.start()
///     defer { server.stop() }
///     // point the client at server.baseURL / server.tokenURL, refresh with the seed token
///
/// Every request passes through `handle(_:)`; the configuration's `faults` make it throttle,
/// fail before applying, drop the connection after applying, answer slowly or expire tokens,
/// every Nth request, so those paths are tested for real.
public final class SandboxServer: @unchecked Sendable {
    /// The configuration the server was made with.
    public let configuration: SandboxConfiguration
    private let oauth: OAuthService
    private let store: CompanyStore
    private let api: AccountingAPI
    private let log: RequestLog
    private let faults: FaultInjector
    private let receipts = RequestReceipts()
    private var http: HTTPServer?

    /// Loads (or seeds) the company and the OAuth grants from the data folder, if any; does not
    /// listen yet.
    public init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        let folder = configuration.dataDirectory
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        oauth = try OAuthService(configuration: configuration)
        store = try CompanyStore(
            realm: configuration.realm, folder: folder?.appendingPathComponent("company-\(configuration.realm)"),
            bookCloseDate: configuration.bookCloseDate)
        let created = Date()
        store.setSingletons([
            "CompanyInfo": CompanySettings.companyInfo(configuration, created: created),
            "Preferences": CompanySettings.preferences(configuration, created: created),
        ])
        faults = FaultInjector(faults: configuration.faults)
        api = AccountingAPI(configuration: configuration, oauth: oauth, store: store, faults: faults)
        log = RequestLog(folder: folder)
    }

    /// Starts listening; returns once the port is bound.
    public func start() throws {
        let http = HTTPServer(
            host: configuration.host, port: configuration.port, onHead: { [receipts] in receipts.received(target: $0) }
        ) { [weak self] request in
            self?.handle(request) ?? HTTPResponse.text(503, "the sandbox is stopping\n")
        }
        try http.start()
        self.http = http
    }

    /// Stops listening and closes every connection; the state on disk is already current.
    /// Safe to call more than once.
    public func stop() {
        http?.stop()
    }

    // A server dropped without `stop()` must not leave its threads listening.
    deinit {
        http?.stop()
    }

    /// The port being listened on (the real one when the configuration asked for 0).
    public var port: UInt16 { http?.port ?? configuration.port }

    /// `http://127.0.0.1:PORT`, the API base URL (`QBSYNC_QBO_BASE_URL`).
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    /// The OAuth token endpoint (`QBSYNC_QBO_TOKEN_URL`).
    public var tokenURL: String { baseURL + "/oauth2/v1/tokens/bearer" }

    /// The OAuth authorize endpoint (`QBSYNC_QBO_AUTH_URL`).
    public var authorizeURL: String { baseURL + "/connect/oauth2" }

    /// Expires every access token at once, as an hour passing would: the client must refresh.
    /// Tests use it instead of waiting for a short token lifetime, which a slow machine outruns.
    public func expireAccessTokens() { oauth.expireAccessTokens() }

    /// What the sandbox has counted so far: requests, writes, throttling by its limits, and each
    /// injected fault.
    public var statistics: SandboxStatistics { faults.statistics }

    /// How many requests arrived with each `requestid`, counted when the request head was read
    /// (a resend whose body never came counts too). A client that sends each write exactly as
    /// often as it journals it shows the same numbers in its journal.
    public var requestsReceivedByRequestID: [String: Int] { receipts.byRequestID }

    /// The stored objects of one entity (`"Invoice"`, `"Customer"`, ...) of the company, in id
    /// order, for test assertions; an unknown entity gives none.
    public func objects(_ entity: String) -> [JSONValue] {
        guard let kind = EntityKind(rawValue: entity) ?? EntityKind(pathName: entity) else { return [] }
        return store.objects(kind)
    }

    /// Answers one request: routes it, stamps the `intuit_tid` header Intuit support asks for,
    /// and records it in the request log.
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let time = Date()
        var response: HTTPResponse
        switch request.path {
        case "/oauth2/v1/tokens/bearer":
            response = oauth.token(request)
        case "/connect/oauth2":
            response = request.method == "GET" ? oauth.authorize(request) : .text(405, "use GET\n")
        case let path where path.hasPrefix("/v3/company/"):
            response = api.handle(request, time: time)
        default:
            response = .text(404, "not found: \(request.path)\n")
        }
        response.setHeader("intuit_tid", "1-" + RandomToken.hex(4) + "-" + RandomToken.hex(12))
        response.setHeader("Date", HTTPDate.string(time))
        log.record(request, response, at: time)
        return response
    }
}
