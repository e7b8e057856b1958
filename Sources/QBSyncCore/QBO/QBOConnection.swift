import Foundation

/// Which QuickBooks company to talk to, where, and as which app.
///
/// Built once from the pipeline file and its `QBSYNC_*` overrides. The initializer refuses plain
/// `http://` except to a loopback address, so a typo cannot send tokens and customer data across a
/// network in clear text, while the local sandbox still works.
public struct QBOConnection: Sendable, Equatable {
    /// The Accounting API root, such as `https://quickbooks.api.intuit.com`.
    public let baseURL: URL
    /// The OAuth 2.0 token endpoint.
    public let tokenURL: URL
    /// The OAuth 2.0 authorization page (`qbsync connect` opens it).
    public let authorizeURL: URL
    /// The company (realm) id.
    public let realm: String
    /// The app's OAuth client id.
    public let clientID: String
    /// The app's OAuth client secret.
    public let clientSecret: Secret
    /// The API minor version sent with every call; QuickBooks ignores values under 75.
    public let minorVersion: Int

    /// Intuit's production Accounting API.
    public static let productionBaseURL = URL(string: "https://quickbooks.api.intuit.com")!
    /// Intuit's sandbox Accounting API.
    public static let sandboxBaseURL = URL(string: "https://sandbox-quickbooks.api.intuit.com")!
    /// Intuit's OAuth 2.0 token endpoint.
    public static let intuitTokenURL = URL(string: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer")!
    /// Intuit's OAuth 2.0 authorization page.
    public static let intuitAuthorizeURL = URL(string: "https://appcenter.intuit.com/connect/oauth2")!

    /// A validated connection; throws `QBOConnectionError` naming the setting at fault.
    public init(
        baseURL: URL = QBOConnection.productionBaseURL,
        tokenURL: URL = QBOConnection.intuitTokenURL,
        authorizeURL: URL = QBOConnection.intuitAuthorizeURL,
        realm: String,
        clientID: String,
        clientSecret: Secret,
        minorVersion: Int = 75
    ) throws {
        try Self.checkEndpoint(baseURL, setting: "API base URL (QBSYNC_QBO_BASE_URL)")
        try Self.checkEndpoint(tokenURL, setting: "OAuth token URL (QBSYNC_QBO_TOKEN_URL)")
        try Self.checkEndpoint(authorizeURL, setting: "OAuth authorize URL (QBSYNC_QBO_AUTH_URL)")
        let realm = realm.trimmingCharacters(in: .whitespaces)
        guard !realm.isEmpty else { throw QBOConnectionError.missing(setting: "company (realm) id (QBSYNC_QBO_REALM)") }
        guard realm.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw QBOConnectionError.invalid(
                setting: "company (realm) id (QBSYNC_QBO_REALM)", reason: "it may hold only letters, digits, '-' and '_'")
        }
        guard !clientID.isEmpty else { throw QBOConnectionError.missing(setting: "client id (QBSYNC_CLIENT_ID)") }
        guard !clientSecret.isEmpty else {
            throw QBOConnectionError.missing(setting: "client secret (QBSYNC_CLIENT_SECRET)")
        }
        self.baseURL = baseURL
        self.tokenURL = tokenURL
        self.authorizeURL = authorizeURL
        self.realm = realm
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.minorVersion = minorVersion
    }

    /// Accepts `https://` anywhere and `http://` only to a loopback host.
    static func checkEndpoint(_ url: URL, setting: String) throws {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw QBOConnectionError.invalid(setting: setting, reason: "'\(url.absoluteString)' is not an absolute URL")
        }
        switch scheme {
        case "https":
            return
        case "http":
            guard LoopbackHost.isLoopback(host) else {
                throw QBOConnectionError.insecureEndpoint(setting: setting, url: url.absoluteString)
            }
        default:
            throw QBOConnectionError.invalid(setting: setting, reason: "'\(scheme)://' is not supported; use https://")
        }
    }
}

/// A connection setting that cannot be used.
public enum QBOConnectionError: Error, Sendable, Equatable, LocalizedError {
    /// A required setting is empty.
    case missing(setting: String)
    /// A setting has a value that cannot work.
    case invalid(setting: String, reason: String)
    /// A plain `http://` URL to a host that is not loopback.
    case insecureEndpoint(setting: String, url: String)

    /// What is wrong and how to fix it.
    public var errorDescription: String? {
        switch self {
        case .missing(let setting):
            return "The QuickBooks \(setting) is not set. Set it in the pipeline file or the environment."
        case .invalid(let setting, let reason):
            return "The QuickBooks \(setting) is invalid: \(reason)."
        case .insecureEndpoint(let setting, let url):
            return "The QuickBooks \(setting) '\(url)' uses plain http:// to a host that is not loopback; "
                + "tokens and customer data would cross the network unencrypted. Use https://, "
                + "or http:// only to 127.0.0.1, localhost or [::1]."
        }
    }
}

extension QBOConnectionError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
