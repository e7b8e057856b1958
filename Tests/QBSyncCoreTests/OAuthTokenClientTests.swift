import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

struct OAuthTokenClientTests {
    private func client(_ transport: FakeTransport) throws -> OAuthTokenClient {
        OAuthTokenClient(
            connection: try QBOTestFixtures.connection(), transport: transport, clock: FakeClock(),
            retryPolicy: QBOTestFixtures.policy())
    }

    @Test func theAuthorizationPageCarriesClientScopeRedirectAndState() throws {
        let url = try client(FakeTransport()).authorizationURL(redirectURI: "http://127.0.0.1:8765/callback", state: "st-42")
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let query = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value ?? "") })
        #expect(url.absoluteString.hasPrefix(QBOTestFixtures.authorizeURL.absoluteString + "?"))
        #expect(query["client_id"] == "client-id-123")
        #expect(query["response_type"] == "code")
        #expect(query["scope"] == "com.intuit.quickbooks.accounting")
        #expect(query["redirect_uri"] == "http://127.0.0.1:8765/callback")
        #expect(query["state"] == "st-42")
        #expect(!url.absoluteString.contains(QBOTestFixtures.clientSecret))
    }

    @Test func anAuthorizationCodeIsExchangedForTokens() async throws {
        let transport = FakeTransport()
        transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-1", refresh: "REFRESH-1", expiresIn: 3600))
        let grant = try await client(transport).exchange(code: "AB11-code", redirectURI: "http://127.0.0.1:8765/callback")
        #expect(grant.accessToken == "ACCESS-1")
        #expect(grant.refreshToken == "REFRESH-1")
        #expect(grant.expiresIn == 3600)
        #expect(grant.refreshTokenExpiresIn == 8_640_000)
        let body = String(decoding: try #require(transport.tokenRequests.first).body, as: UTF8.self)
        #expect(body == "grant_type=authorization_code&code=AB11-code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback")
    }

    @Test func aRefusedCodeNeedsANewLoginAndSaysWhatWasRefused() async throws {
        let transport = FakeTransport()
        transport.scriptToken(QBOTestFixtures.json(["error": "invalid_grant"], status: 400))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await client(transport).exchange(code: "used", redirectURI: "http://127.0.0.1/cb")
        }
        #expect(error?.needsAuthorization == true)
        #expect(error?.errorDescription?.contains("authorization code") == true)
    }

    @Test func aGrantWithoutARefreshTokenIsAnInvalidResponse() async throws {
        let transport = FakeTransport()
        transport.scriptToken(QBOTestFixtures.json(["access_token": "A", "expires_in": 3600]))
        let error = await #expect(throws: QBOClientError.self) { _ = try await client(transport).refresh("R") }
        #expect(error?.disposition == .fatal)
        #expect(error?.errorDescription?.contains("refresh_token") == true)
    }
}
