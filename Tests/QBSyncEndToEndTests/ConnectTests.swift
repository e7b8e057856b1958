import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `qbsync connect` against the sandbox's authorization page: the browser's part is played by a
/// client that opens the printed address and follows QuickBooks's redirect to the loopback port.
struct ConnectTests {
    /// The harness's environment without the seed refresh token: only a login can make tokens.
    func environment(_ harness: PipelineHarness) -> [String: String] {
        var environment = harness.environment
        environment["QBSYNC_REFRESH_TOKEN"] = nil
        return environment
    }

    func qbsync(_ harness: PipelineHarness, _ arguments: String...) async -> Int32 {
        await QBSync.run(arguments: arguments + ["--pipeline", harness.pipelineURL.path], environment: environment(harness))
    }

    var tokensFile: (PipelineHarness) -> URL { { $0.workspace.appendingPathComponent("tokens.json") } }

    @Test func connectLogsInThroughTheAuthorizationPageAndTheSavedLoginWorks() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        #expect(await qbsync(harness, "load", "--run", run) == 3, "no login yet")

        let capture = OutputCapture()
        let opened = await ConnectBrowser.$open.withValue({ url in _ = try? await Browser.following.get(url) }) {
            await QBSync.run(
                arguments: ["connect", "--port", "0", "--pipeline", harness.pipelineURL.path], environment: environment(harness),
                capture: capture)
        }
        #expect(opened == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: tokensFile(harness).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let tokens = try #require(try TokenStore(workspace: harness.workspace).load())
        #expect(tokens.realm == "9341453050000000")
        let printed = capture.standardOutput + capture.standardError
        #expect(printed.contains("\(harness.sandbox.authorizeURL)?client_id=qbsync-sandbox"))
        #expect(printed.contains("connected to QuickBooks company 9341453050000000"))
        #expect(!printed.contains(tokens.refreshToken.revealed) && !printed.contains(tokens.accessToken?.revealed ?? "-"))
        #expect(await qbsync(harness, "load", "--run", run) == 0)
        #expect(!harness.sandbox.objects("Invoice").isEmpty)
    }

    @Test func aRedirectThatDoesNotCarryTheLoginsStateIsRefusedAndNothingIsSaved() async throws {
        let harness = try PipelineHarness()
        let forge: @Sendable (URL) async -> Void = { url in
            let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            guard let redirect = query.first(where: { $0.name == "redirect_uri" })?.value else { return }
            _ = try? await Browser.following.get(URL(string: redirect + "?code=AB11forged&state=not-yours&realmId=9341453050000000")!)
        }
        let code = await ConnectBrowser.$open.withValue(forge) { await qbsync(harness, "connect", "--port", "0") }
        #expect(code == 3)
        #expect(!FileManager.default.fileExists(atPath: tokensFile(harness).path))
    }

    @Test func aCodePastedOnAMachineWithoutABrowserIsExchangedForALogin() async throws {
        let harness = try PipelineHarness()
        let port: UInt16 = 18_766
        // The person's browser elsewhere: QuickBooks redirects it to an address that cannot load here.
        var page = URLComponents(string: harness.sandbox.authorizeURL)!
        page.queryItems = [
            URLQueryItem(name: "client_id", value: "qbsync-sandbox"), URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "scope", value: OAuthTokenClient.accountingScope),
            URLQueryItem(name: "redirect_uri", value: LoopbackRedirectListener.redirectURI(port: port)),
            URLQueryItem(name: "state", value: "s1"),
        ]
        let location = try #require(try await Browser.notFollowing.get(page.url!).location)
        let answer = URLComponents(string: location)?.queryItems ?? []
        let pasted = try #require(answer.first { $0.name == "code" }?.value)
        let realm = try #require(answer.first { $0.name == "realmId" }?.value)

        #expect(await qbsync(harness, "connect", "--code", pasted, "--port", "18766") == 2, "--code needs --realm")
        #expect(await qbsync(harness, "connect", "--code", pasted, "--realm", "4620816365000000", "--port", "18766") == 3)
        #expect(!FileManager.default.fileExists(atPath: tokensFile(harness).path), "another company's login is not saved")
        #expect(await qbsync(harness, "connect", "--code", pasted, "--realm", realm, "--port", "18766") == 0)
        #expect(try TokenStore(workspace: harness.workspace).load()?.realm == realm)
        #expect(await qbsync(harness, "connect", "--code", pasted, "--realm", realm, "--port", "18766") == 3, "a code works once")
    }
}

/// A plain HTTP client for the tests' browser.
final class Browser: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    static let following = Browser(follow: true)
    static let notFollowing = Browser(follow: false)

    private let follow: Bool
    private var session: URLSession!

    private init(follow: Bool) {
        self.follow = follow
        super.init()
        session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(follow ? request : nil)
    }

    /// GETs `url`; returns the status and the `Location` header.
    func get(_ url: URL) async throws -> (status: Int, location: String?) {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: url) { _, response, error in
                if let error { return continuation.resume(throwing: error) }
                let http = response as? HTTPURLResponse
                continuation.resume(returning: (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Location")))
            }.resume()
        }
    }
}
