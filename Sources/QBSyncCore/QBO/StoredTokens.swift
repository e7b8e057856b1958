import Foundation
import QBSyncJSON

/// The OAuth state of one QuickBooks connection, as kept in `tokens.json`.
public struct StoredTokens: Sendable, Equatable {
    /// The current access token, or nil when only a refresh token is known (a fresh seed).
    public var accessToken: Secret?
    /// When the access token stops working.
    public var accessTokenExpiresAt: Date?
    /// The refresh token: it rotates, so the newest one must always be the one on disk.
    public var refreshToken: Secret
    /// When the refresh token stops working, when Intuit said.
    public var refreshTokenExpiresAt: Date?
    /// The company the tokens are for.
    public var realm: String
    /// When this state was written.
    public var updatedAt: Date

    /// A token state; dates are cut to whole seconds, as `tokens.json` keeps them.
    public init(
        accessToken: Secret?, accessTokenExpiresAt: Date?, refreshToken: Secret, refreshTokenExpiresAt: Date? = nil,
        realm: String, updatedAt: Date
    ) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt.map(Self.wholeSeconds)
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt.map(Self.wholeSeconds)
        self.realm = realm
        self.updatedAt = Self.wholeSeconds(updatedAt)
    }

    /// True when there is an access token that stays valid for at least `margin` seconds after `now`.
    public func hasUsableAccessToken(at now: Date, margin: TimeInterval = 60) -> Bool {
        guard let accessToken, !accessToken.isEmpty, let expiry = accessTokenExpiresAt else { return false }
        return expiry.timeIntervalSince(now) > margin
    }

    /// The `tokens.json` document.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "refresh_token": .string(refreshToken.revealed),
            "realm_id": .string(realm),
            "updated_at": .string(Self.format(updatedAt)),
        ]
        if let accessToken { members["access_token"] = .string(accessToken.revealed) }
        if let accessTokenExpiresAt { members["access_token_expires_at"] = .string(Self.format(accessTokenExpiresAt)) }
        if let refreshTokenExpiresAt { members["refresh_token_expires_at"] = .string(Self.format(refreshTokenExpiresAt)) }
        return .object(members)
    }

    /// Reads a `tokens.json` document; throws a reason in words (never quoting a token).
    public init(json: JSONValue) throws {
        guard case .object = json else { throw StoredTokensFormatError(reason: "the document is not a JSON object") }
        func string(_ key: String, required: Bool) throws -> String? {
            switch json[key] {
            case .string(let text)?: return text
            case nil, .null?:
                if required { throw StoredTokensFormatError(reason: "\"\(key)\" is missing") }
                return nil
            default: throw StoredTokensFormatError(reason: "\"\(key)\" is not a string")
            }
        }
        func date(_ key: String, required: Bool) throws -> Date? {
            guard let text = try string(key, required: required) else { return nil }
            guard let date = Self.parse(text) else {
                throw StoredTokensFormatError(reason: "\"\(key)\" is not an ISO 8601 time such as 2025-01-31T12:00:00Z")
            }
            return date
        }
        let refresh = try string("refresh_token", required: true)!
        guard !refresh.isEmpty else { throw StoredTokensFormatError(reason: "\"refresh_token\" is empty") }
        self.init(
            accessToken: try string("access_token", required: false).map { Secret($0) },
            accessTokenExpiresAt: try date("access_token_expires_at", required: false),
            refreshToken: Secret(refresh),
            refreshTokenExpiresAt: try date("refresh_token_expires_at", required: false),
            realm: try string("realm_id", required: true)!,
            updatedAt: try date("updated_at", required: true)!)
    }

    private static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func format(_ date: Date) -> String { date.formatted(.iso8601) }

    static func parse(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// Why a `tokens.json` document could not be read.
public struct StoredTokensFormatError: Error, Sendable, Equatable {
    /// The reason, in words.
    public var reason: String
}
