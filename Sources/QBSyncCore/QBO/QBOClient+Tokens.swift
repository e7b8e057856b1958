import Foundation
import Logging

/// Access tokens: one refresh at a time, the rotated refresh token on disk before it is used.
extension QBOClient {
    /// Seconds before expiry at which an access token is replaced rather than used.
    static let expiryMargin: TimeInterval = 60

    /// An access token valid for at least another minute, refreshing first if needed.
    func accessToken() async throws -> Secret {
        if let tokens, tokens.hasUsableAccessToken(at: clock.now(), margin: Self.expiryMargin), let access = tokens.accessToken {
            return access
        }
        guard let access = try await freshTokens(rejecting: nil).accessToken else {
            throw QBOClientError.authorizationRequired(reason: "the token endpoint granted no access token")
        }
        return access
    }

    /// The tokens to use after QuickBooks refused `rejected`: already replaced ones when another
    /// caller refreshed meanwhile, else the result of a refresh.
    func tokensAfterRejection(of rejected: Secret) async throws -> StoredTokens {
        if let tokens, tokens.accessToken != rejected, tokens.hasUsableAccessToken(at: clock.now(), margin: Self.expiryMargin) {
            return tokens
        }
        return try await freshTokens(rejecting: rejected)
    }

    /// Joins the refresh in progress or starts one. A caller whose token was refused and who joined
    /// a refresh that settled on that very token (read from disk) starts one of its own.
    private func freshTokens(rejecting rejected: Secret?) async throws -> StoredTokens {
        while true {
            if let running = refreshTask {
                let result = try await running.value
                if rejected == nil || result.accessToken != rejected { return result }
                if refreshTask == running { refreshTask = nil }
                continue
            }
            let task = Task { () async throws -> StoredTokens in
                defer { self.refreshTask = nil }
                return try await self.obtainTokens(rejecting: rejected)
            }
            refreshTask = task
            return try await task.value
        }
    }

    /// Reads the newest saved state (another process may have rotated the tokens), uses its access
    /// token when still good, else refreshes, saves, and only then adopts the new tokens.
    private func obtainTokens(rejecting rejected: Secret?) async throws -> StoredTokens {
        let current = try currentState()
        guard current.realm == connection.realm else {
            throw QBOClientError.authorizationRequired(
                reason: "\(tokenStore.fileURL.path) holds a login for company \(current.realm), but the pipeline names company \(connection.realm)")
        }
        if current.accessToken != rejected, current.hasUsableAccessToken(at: clock.now(), margin: Self.expiryMargin) {
            tokens = current
            return current
        }
        logger.info("refreshing the QuickBooks access token", metadata: ["realm": "\(connection.realm)"])
        let grant = try await oauth.refresh(current.refreshToken)
        let now = clock.now()
        let refreshed = StoredTokens(
            accessToken: grant.accessToken,
            accessTokenExpiresAt: now.addingTimeInterval(grant.expiresIn),
            refreshToken: grant.refreshToken,
            refreshTokenExpiresAt: grant.refreshTokenExpiresIn.map { now.addingTimeInterval($0) } ?? current.refreshTokenExpiresAt,
            realm: connection.realm,
            updatedAt: now)
        do {
            // The old refresh token may be dead already: the new one must be safe before anything else.
            try tokenStore.save(refreshed)
        } catch let error as TokenStoreError {
            throw QBOClientError.tokenStorage(error)
        }
        tokens = refreshed
        logger.info(
            "saved the refreshed QuickBooks tokens",
            metadata: [
                "access_token_expires_at": "\(StoredTokens.format(refreshed.accessTokenExpiresAt ?? now))",
                "refresh_token_rotated": "\(grant.refreshToken != current.refreshToken)",
            ])
        return refreshed
    }

    /// `tokens.json` when it exists (it wins over everything), else the tokens in memory, else the
    /// seed refresh token, else an authorization-needed error.
    private func currentState() throws -> StoredTokens {
        let saved: StoredTokens?
        do {
            saved = try tokenStore.load()
        } catch let error as TokenStoreError {
            throw QBOClientError.tokenStorage(error)
        }
        if let saved { return saved }
        if let tokens { return tokens }
        if let seed = seedRefreshToken {
            logger.info("no tokens.json yet: starting from the refresh token in QBSYNC_REFRESH_TOKEN")
            return StoredTokens(
                accessToken: nil, accessTokenExpiresAt: nil, refreshToken: seed, realm: connection.realm, updatedAt: clock.now())
        }
        throw QBOClientError.authorizationRequired(
            reason: "this workspace has no QuickBooks login yet (no \(tokenStore.fileURL.path), no QBSYNC_REFRESH_TOKEN)")
    }

    /// Every credential this client knows, to scrub from text that came from a server.
    var knownSecrets: [Secret] {
        [tokens?.accessToken, tokens?.refreshToken, seedRefreshToken, connection.clientSecret].compactMap { $0 }
    }
}
