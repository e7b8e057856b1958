import Foundation
import QBSyncJSON

/// Intuit's OAuth 2.0 as the pipeline meets it: an authorize endpoint that consents at once and
/// redirects with a single-use code, a token endpoint that rotates refresh tokens (the old one
/// stops working), and bearer access tokens that expire. Refresh tokens survive a restart when
/// there is a data folder (`oauth.json`); access tokens do not, so a restart looks to a client
/// exactly like its access token expiring.
final class OAuthService: @unchecked Sendable {
    private struct PendingCode {
        var clientID: String
        var redirectURI: String
        var expires: Date
    }

    private let configuration: SandboxConfiguration
    private let file: URL?
    private let lock = NSLock()
    private var refreshTokens: [String: Date] = [:]
    private var accessTokens: [String: Date] = [:]
    private var codes: [String: PendingCode] = [:]

    /// Loads the live refresh tokens from `oauth.json` (if any) and makes the seed token valid.
    init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        file = configuration.dataDirectory?.appendingPathComponent("oauth.json")
        if let file, FileManager.default.fileExists(atPath: file.path) {
            let saved = try JSONParser.parse(bytes: Array(try Data(contentsOf: file)))
            for entry in saved["refreshTokens"]?.arrayValue ?? [] {
                guard let token = entry["token"]?.stringValue, let expires = entry["expires"]?.stringValue,
                    let date = Timestamp.parse(expires), date > Date()
                else { continue }
                refreshTokens[token] = date
            }
        }
        refreshTokens[configuration.seedRefreshToken] = Date().addingTimeInterval(configuration.refreshTokenLifetime)
        try save()
    }

    /// Ends every access token now, as an hour passing would (refresh tokens stay valid).
    func expireAccessTokens() {
        lock.lock()
        defer { lock.unlock() }
        accessTokens.removeAll()
    }

    /// Whether the request carries a live `Authorization: Bearer` access token.
    func isAuthorized(_ request: HTTPRequest) -> Bool {
        guard let value = request.header("authorization"), value.lowercased().hasPrefix("bearer ") else { return false }
        let token = String(value.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        lock.lock()
        defer { lock.unlock() }
        guard let expires = accessTokens[token] else { return false }
        if expires <= Date() {
            accessTokens[token] = nil
            return false
        }
        return true
    }

    /// `GET /connect/oauth2`: consents on the user's behalf and redirects back with a code.
    func authorize(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.query
        guard query["client_id"] == configuration.clientID else {
            return .text(400, "invalid_client: unknown client_id\n")
        }
        guard let redirect = query["redirect_uri"], redirect.hasPrefix("http://") || redirect.hasPrefix("https://") else {
            return .text(400, "invalid_request: redirect_uri is required\n")
        }
        guard query["response_type"] == "code" else { return .text(400, "unsupported_response_type\n") }
        guard (query["scope"] ?? "").split(separator: " ").contains("com.intuit.quickbooks.accounting") else {
            return .text(400, "invalid_scope: com.intuit.quickbooks.accounting is required\n")
        }
        let code = RandomToken.hex(24, prefix: "AB11")
        lock.lock()
        codes[code] = PendingCode(clientID: configuration.clientID, redirectURI: redirect, expires: Date() + 600)
        lock.unlock()
        var parameters = ["code=\(code)"]
        if let state = query["state"] { parameters.append("state=" + HTTPRequest.percentEncode(state)) }
        parameters.append("realmId=" + HTTPRequest.percentEncode(configuration.realm))
        let separator = redirect.contains("?") ? "&" : "?"
        var response = HTTPResponse(status: 302, headers: [("Location", redirect + separator + parameters.joined(separator: "&"))])
        response.body = Array("Redirecting to your application.\n".utf8)
        return response
    }

    /// `POST /oauth2/v1/tokens/bearer`: exchanges a code or a refresh token for new tokens.
    func token(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "POST" else { return oauthError(405, "invalid_request") }
        guard clientAuthenticated(request) else { return oauthError(401, "invalid_client") }
        let form = HTTPRequest.parseForm(request.bodyText)
        var kept: String?
        lock.lock()
        defer { lock.unlock() }
        switch form["grant_type"] {
        case "refresh_token":
            guard let token = form["refresh_token"], let expires = refreshTokens[token], expires > Date() else {
                return oauthError(400, "invalid_grant")
            }
            if configuration.rotateRefreshTokens {
                refreshTokens[token] = nil
            } else {
                kept = token
            }
        case "authorization_code":
            guard let code = form["code"], let pending = codes.removeValue(forKey: code), pending.expires > Date(),
                pending.redirectURI == form["redirect_uri"]
            else { return oauthError(400, "invalid_grant") }
        case nil:
            return oauthError(400, "invalid_request")
        default:
            return oauthError(400, "unsupported_grant_type")
        }
        let access = RandomToken.hex(32, prefix: "eyJ")
        let refresh = kept ?? RandomToken.hex(20, prefix: "RT1-")
        accessTokens[access] = Date().addingTimeInterval(configuration.accessTokenLifetime)
        refreshTokens[refresh] = Date().addingTimeInterval(configuration.refreshTokenLifetime)
        try? save()
        var response = HTTPResponse.json(
            200,
            [
                "access_token": .string(access), "refresh_token": .string(refresh), "token_type": "bearer",
                "expires_in": .int(Int(configuration.accessTokenLifetime.rounded(.up))),
                "x_refresh_token_expires_in": .int(Int(configuration.refreshTokenLifetime)),
            ])
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    private func clientAuthenticated(_ request: HTTPRequest) -> Bool {
        guard let value = request.header("authorization"), value.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return false }
        return String(decoding: decoded, as: UTF8.self) == "\(configuration.clientID):\(configuration.clientSecret)"
    }

    private func oauthError(_ status: Int, _ error: String) -> HTTPResponse {
        .json(status, ["error": .string(error)])
    }

    /// Writes the live refresh tokens; the caller holds the lock (or is the initializer).
    private func save() throws {
        guard let file else { return }
        let entries: [JSONValue] = refreshTokens.sorted { $0.key < $1.key }.map {
            ["token": .string($0.key), "expires": .string(Timestamp.metaData($0.value))]
        }
        try AtomicFile.write(JSONWriter.prettyData(["refreshTokens": .array(entries)]), to: file, permissions: 0o600)
    }
}
