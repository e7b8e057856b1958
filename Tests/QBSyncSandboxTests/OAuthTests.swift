import Foundation
import QBSyncJSON
import Testing

struct OAuthTests {
    @Test func aRefreshRotatesTheRefreshTokenAndTheOldOneIsRefused() async throws {
        let client = try SandboxClient()
        defer { client.stop() }
        let first = try await client.refresh("sandbox-refresh-token")
        #expect(first.status == 200)
        #expect(first.json["token_type"] == "bearer")
        #expect(first.json["expires_in"] == 3600)
        #expect(first.json["x_refresh_token_expires_in"] == 8_726_400)
        let rotated = try #require(first.json["refresh_token"]?.stringValue)
        #expect(rotated != "sandbox-refresh-token")

        let again = try await client.refresh("sandbox-refresh-token")
        #expect(again.status == 400)
        #expect(again.json == ["error": "invalid_grant"])
        let next = try await client.refresh(rotated)
        #expect(next.status == 200)
        #expect(next.json["refresh_token"]?.stringValue != rotated)
    }

    @Test func aWrongClientSecretIsRefused() async throws {
        let client = try SandboxClient { $0.clientSecret = "other" }
        defer { client.stop() }
        let basic = Data("qbsync-sandbox:sandbox-secret".utf8).base64EncodedString()
        let answer = try await client.send(
            "POST", client.server.tokenURL, headers: ["Authorization": "Basic \(basic)"],
            body: Data("grant_type=refresh_token&refresh_token=sandbox-refresh-token".utf8))
        #expect(answer.status == 401)
        #expect(answer.json["error"] == "invalid_client")
    }

    @Test func anExpiredAccessTokenGets401WithCode3200() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let fresh = try await client.api("GET", "companyinfo/\(client.realm)")
        #expect(fresh.status == 200)
        #expect(fresh.headers["intuit_tid"] != nil)
        client.server.expireAccessTokens()
        let expired = try await client.api("GET", "companyinfo/\(client.realm)")
        #expect(expired.status == 401)
        #expect(expired.faultCode == "3200")
        #expect(expired.json["fault"]?["type"] == "AUTHENTICATION")
    }

    @Test func aMissingOrUnknownBearerTokenGets401AndAnotherRealmGets403() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let token = client.accessToken
        client.accessToken = "not-a-token"
        #expect(try await client.api("GET", "preferences").status == 401)
        client.accessToken = token
        let other = try await client.send(
            "GET", "\(client.server.baseURL)/v3/company/123/preferences?minorversion=75",
            headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"])
        #expect(other.status == 403)
        #expect(other.faultCode == "3100")
    }

    @Test func theAuthorizationCodeFlowRedirectsWithASingleUseCode() async throws {
        let client = try SandboxClient()
        defer { client.stop() }
        let redirect = "http://127.0.0.1:9/callback"
        let authorize =
            client.server.authorizeURL + "?client_id=qbsync-sandbox&response_type=code&scope=com.intuit.quickbooks.accounting"
            + "&redirect_uri=" + redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&state=xyz%201"
        let answer = try await client.send("GET", authorize)
        #expect(answer.status == 302)
        let location = try #require(answer.headers["location"])
        let components = try #require(URLComponents(string: location))
        #expect(location.hasPrefix(redirect + "?"))
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items["state"] == "xyz 1")
        #expect(items["realmId"] == client.realm)
        let code = try #require(items["code"])

        let basic = Data("qbsync-sandbox:sandbox-secret".utf8).base64EncodedString()
        func exchange(_ uri: String) async throws -> Answer {
            try await client.send(
                "POST", client.server.tokenURL, headers: ["Authorization": "Basic \(basic)"],
                body: Data("grant_type=authorization_code&code=\(code)&redirect_uri=\(uri.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8))
        }
        #expect(try await exchange("http://127.0.0.1:9/elsewhere").status == 400)
        // A refused exchange used the code up, as a single-use code should be.
        #expect(try await exchange(redirect).status == 400)

        let second = try await client.send("GET", authorize)
        let secondCode = try #require(URLComponents(string: second.headers["location"] ?? "")?.queryItems?.first { $0.name == "code" }?.value)
        let tokens = try await client.send(
            "POST", client.server.tokenURL, headers: ["Authorization": "Basic \(basic)"],
            body: Data("grant_type=authorization_code&code=\(secondCode)&redirect_uri=\(redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8))
        #expect(tokens.status == 200)
        #expect(tokens.json["access_token"]?.stringValue?.isEmpty == false)
    }
}
