import Foundation
import Logging

/// The OAuth 2.0 authorization-code flow of `qbsync connect`: the authorization page, the loopback
/// redirect with its `state` checked, the code exchanged for tokens, the tokens saved (0600,
/// atomically) for the company the person chose. A pasted code (`--code`, `--realm`) skips the
/// browser on a machine without one.
public struct OAuthConnect: Sendable {
    let oauth: OAuthTokenClient
    let tokenStore: TokenStore
    /// The company the pipeline names, if it names one: connecting another is refused.
    let expectedRealm: String?
    let logger: Logger

    /// A connect flow for the pipeline's app and endpoints.
    public init(settings: PipelineSettings, logger: Logger, transport: any HTTPTransport = URLSessionTransport()) throws {
        let qbo = settings.quickbooks
        guard let base = URL(string: qbo.baseURL), let token = URL(string: qbo.tokenURL), let authorize = URL(string: qbo.authorizeURL)
        else { throw QBOConnectionError.invalid(setting: "QuickBooks URLs", reason: "not valid URLs") }
        // The company is chosen on the authorization page; the connection needs one to be valid.
        let connection = try QBOConnection(
            baseURL: base, tokenURL: token, authorizeURL: authorize, realm: qbo.realm ?? "to-be-chosen", clientID: qbo.clientID ?? "",
            clientSecret: Secret(qbo.clientSecret ?? ""), minorVersion: qbo.minorVersion)
        oauth = OAuthTokenClient(connection: connection, transport: transport, logger: logger)
        tokenStore = TokenStore(workspace: settings.workspace, logger: logger)
        expectedRealm = qbo.realm
        self.logger = logger
    }

    /// The browser flow: listens on `127.0.0.1:port`, hands the authorization page's address to
    /// `present` (print it, open a browser), waits for the redirect, checks it and saves the tokens.
    public func authorize(port: UInt16, timeout: TimeInterval, present: @Sendable (URL) async -> Void) async throws -> StoredTokens {
        let listener = try LoopbackRedirectListener(port: port)
        defer { listener.stop() }
        let state = Self.randomState()
        await present(oauth.authorizationURL(redirectURI: listener.redirectURI, state: state))
        let answer = try await listener.waitForRedirect(timeout: timeout)
        if let error = answer["error"] { throw ConnectError.denied(error) }
        guard answer["state"] == state else { throw ConnectError.stateMismatch }
        guard let code = answer["code"], !code.isEmpty else { throw ConnectError.incomplete("the authorization code") }
        guard let realm = answer["realmId"], !realm.isEmpty else { throw ConnectError.incomplete("the company id (realmId)") }
        return try await exchange(code: code, realm: realm, redirectURI: listener.redirectURI)
    }

    /// Exchanges an authorization code for tokens and saves them for `realm`. `redirectURI` must
    /// be the one the authorization was asked with.
    public func exchange(code: String, realm: String, redirectURI: String) async throws -> StoredTokens {
        if let expectedRealm, expectedRealm != realm { throw ConnectError.wrongCompany(connected: realm, pipeline: expectedRealm) }
        let grant = try await oauth.exchange(code: code, redirectURI: redirectURI)
        let now = Date()
        let tokens = StoredTokens(
            accessToken: grant.accessToken, accessTokenExpiresAt: now.addingTimeInterval(grant.expiresIn),
            refreshToken: grant.refreshToken, refreshTokenExpiresAt: grant.refreshTokenExpiresIn.map { now.addingTimeInterval($0) },
            realm: realm, updatedAt: now)
        do {
            try tokenStore.save(tokens)
        } catch let error as TokenStoreError {
            throw QBOClientError.tokenStorage(error)
        }
        logger.info("saved the QuickBooks login", metadata: ["realm": "\(realm)"])
        return tokens
    }

    /// Where the tokens are kept.
    public var tokensFile: URL { tokenStore.fileURL }

    /// 128 random bits as hex: the `state` that ties the redirect to this login.
    static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
