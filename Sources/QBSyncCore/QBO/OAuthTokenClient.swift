import Foundation
import Logging
import QBSyncJSON

/// Talks to the OAuth 2.0 token endpoint: turns an authorization code (from `qbsync connect`) or a
/// refresh token into fresh tokens, and builds the authorization page address.
///
/// It keeps no state and stores nothing: `QBOClient` decides when to refresh and saves the rotated
/// refresh token before using the new access token.
public struct OAuthTokenClient: Sendable {
    /// What the token endpoint granted.
    public struct Grant: Sendable, Equatable {
        /// The new access token.
        public var accessToken: Secret
        /// Its lifetime in seconds (3,600 at Intuit).
        public var expiresIn: TimeInterval
        /// The refresh token to keep: maybe new (rotated), maybe the same.
        public var refreshToken: Secret
        /// The refresh token's lifetime in seconds, when given.
        public var refreshTokenExpiresIn: TimeInterval?
    }

    /// The QuickBooks scope for the Accounting API.
    public static let accountingScope = "com.intuit.quickbooks.accounting"

    let connection: QBOConnection
    let transport: any HTTPTransport
    let clock: any QBOClock
    let retryPolicy: RetryPolicy
    let logger: Logger

    /// A token client for `connection`'s app and token endpoint.
    public init(
        connection: QBOConnection, transport: any HTTPTransport, clock: any QBOClock = SystemClock(),
        retryPolicy: RetryPolicy = .standard, logger: Logger = Logger(label: "qbsync.oauth")
    ) {
        self.connection = connection
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    /// The authorization page to send the user to; the redirect brings `code`, `state` and `realmId`.
    public func authorizationURL(redirectURI: String, state: String, scope: String = accountingScope) -> URL {
        let query = [
            ("client_id", connection.clientID), ("response_type", "code"), ("scope", scope),
            ("redirect_uri", redirectURI), ("state", state),
        ]
        let separator = connection.authorizeURL.query == nil ? "?" : "&"
        return URL(string: connection.authorizeURL.absoluteString + separator + Self.formEncode(query))!
    }

    /// Exchanges an authorization code for tokens (`grant_type=authorization_code`).
    public func exchange(code: String, redirectURI: String) async throws -> Grant {
        try await requestGrant(
            [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI)], purpose: .codeExchange)
    }

    /// Trades a refresh token for a new access token and (maybe rotated) refresh token. A refused
    /// refresh token throws `QBOClientError.authorizationRequired`.
    public func refresh(_ refreshToken: Secret) async throws -> Grant {
        try await requestGrant([("grant_type", "refresh_token"), ("refresh_token", refreshToken.revealed)], purpose: .refresh)
    }

    /// Which grant is asked for, for the wording of errors.
    enum Purpose {
        case refresh, codeExchange

        var operation: String {
            self == .refresh ? "refreshing the QuickBooks login" : "exchanging the QuickBooks authorization code"
        }
        var credential: String { self == .refresh ? "the saved refresh token" : "the authorization code" }
    }

    private func requestGrant(_ form: [(String, String)], purpose: Purpose) async throws -> Grant {
        let basic = Data("\(connection.clientID):\(connection.clientSecret.revealed)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: connection.tokenURL,
            headers: [
                "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "Basic \(basic)", "User-Agent": "qbsync/\(QBSyncCoreVersion.string)",
            ],
            body: Array(Self.formEncode(form).utf8))
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch let error as HTTPTransportError {
                // A token request changes nothing in the books, so even a lost answer may be retried.
                try await waitOrGiveUp(
                    attempt: attempt, delay: nil, problem: error.errorDescription ?? error.reason, purpose: purpose)
                continue
            }
            let tid = response.header("intuit_tid")
            logger.debug("token endpoint answered", metadata: ["status": "\(response.status)", "intuit_tid": "\(tid ?? "-")"])
            switch response.status {
            case 200..<300:
                return try Self.grant(from: response, purpose: purpose)
            case 429, 500...599:
                let wait = retryPolicy.retryAfter(response.header("retry-after"), now: clock.now())
                try await waitOrGiveUp(
                    attempt: attempt, delay: wait, problem: "the token endpoint answered HTTP \(response.status)", purpose: purpose)
            default:
                throw Self.refusal(response, purpose: purpose)
            }
        }
    }

    private func waitOrGiveUp(attempt: Int, delay: TimeInterval?, problem: String, purpose: Purpose) async throws {
        guard attempt < retryPolicy.maxAttempts else {
            throw QBOClientError.retriesExhausted(operation: purpose.operation, attempts: attempt, lastProblem: problem)
        }
        let wait = delay ?? retryPolicy.backoff(afterAttempt: attempt)
        logger.info("token request failed; retrying", metadata: ["problem": "\(problem)", "wait_seconds": "\(wait)"])
        try await clock.sleep(seconds: wait)
    }

    /// Reads a grant; only the names of missing fields appear in errors, never values.
    static func grant(from response: HTTPResponse, purpose: Purpose) throws -> Grant {
        guard let json = try? JSONParser.parse(bytes: response.body) else {
            throw QBOClientError.invalidResponse(
                operation: purpose.operation, status: response.status, reason: "the token answer is not JSON",
                intuitTID: response.header("intuit_tid"))
        }
        guard let access = json["access_token"]?.stringValue, !access.isEmpty,
            let refresh = json["refresh_token"]?.stringValue, !refresh.isEmpty
        else {
            throw QBOClientError.invalidResponse(
                operation: purpose.operation, status: response.status,
                reason: "the token answer lacks access_token or refresh_token", intuitTID: response.header("intuit_tid"))
        }
        let expiresIn = json["expires_in"].flatMap(QBOFault.text).flatMap(TimeInterval.init) ?? 3600
        let refreshExpiresIn = json["x_refresh_token_expires_in"].flatMap(QBOFault.text).flatMap(TimeInterval.init)
        return Grant(accessToken: Secret(access), expiresIn: expiresIn, refreshToken: Secret(refresh), refreshTokenExpiresIn: refreshExpiresIn)
    }

    /// The error for a 4xx from the token endpoint: `invalid_client` is our configuration, anything
    /// else (`invalid_grant` above all) means the login must be renewed.
    static func refusal(_ response: HTTPResponse, purpose: Purpose) -> QBOClientError {
        let json = try? JSONParser.parse(bytes: response.body)
        let code = json?["error"]?.stringValue
        // Only the OAuth error code (a fixed word) is quoted: descriptions may echo request values.
        let safeCode = code.flatMap { $0.allSatisfy { $0.isLetter || $0 == "_" } ? $0 : nil }
        if safeCode == "invalid_client" {
            return .configuration(reason: "the token endpoint answered HTTP \(response.status) invalid_client")
        }
        let what = safeCode.map { " (\($0))" } ?? ""
        return .authorizationRequired(
            reason: "QuickBooks refused \(purpose.credential): HTTP \(response.status)\(what). "
                + "It may have expired, been revoked, or been used by another copy of qbsync")
    }

    /// `application/x-www-form-urlencoded` text of `pairs`.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { QBOConnection.percentEncode($0.0) + "=" + QBOConnection.percentEncode($0.1) }.joined(separator: "&")
    }
}
