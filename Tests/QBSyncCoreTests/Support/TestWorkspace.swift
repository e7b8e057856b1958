import Foundation
@testable import QBSyncCore

/// Workspaces and token files for tests.
enum TestWorkspace {
    /// A fresh, empty workspace folder.
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-qbo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Tokens on disk whose access token `access` is valid for an hour after `now`.
    static func savedTokens(access: String, refresh: String, now: Date, realm: String = "9130350000000001") -> StoredTokens {
        StoredTokens(
            accessToken: Secret(access), accessTokenExpiresAt: now.addingTimeInterval(3600), refreshToken: Secret(refresh),
            realm: realm, updatedAt: now)
    }
}
