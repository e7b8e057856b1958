import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

@Suite(.removesTemporaryFolders)
struct QBOClientTokenTests {
    @Test func theRotatedRefreshTokenIsOnDiskBeforeTheNewAccessTokenIsUsed() async throws {
        let harness = try ClientHarness(seed: "SEED-1")
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED"))
        let seenOnDisk = Box<String?>(nil)
        let store = harness.store
        harness.transport.scriptAPI { request in
            // What a crash at this instant would leave: the rotated token must already be saved.
            seenOnDisk.value = try store.load()?.refreshToken.revealed
            #expect(QBOTestFixtures.bearer(of: request) == "ACCESS-NEW")
            return QBOTestFixtures.json(QBOTestFixtures.batchAnswer)
        }
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b001")
        #expect(exchange.status == 200)
        #expect(seenOnDisk.value == "REFRESH-ROTATED")
        let saved = try #require(try harness.store.load())
        #expect(saved.accessToken == "ACCESS-NEW")
        #expect(saved.realm == QBOTestFixtures.realm)
        #expect(saved.accessTokenExpiresAt == harness.clock.now().addingTimeInterval(3600))
    }

    @Test func theRefreshRequestUsesBasicAuthAndAFormBody() async throws {
        let harness = try ClientHarness(seed: "SEED/with+chars")
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "A", refresh: "R"))
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]]))
        _ = try await harness.client.query("select * from Account")
        let request = try #require(harness.transport.tokenRequests.first)
        #expect(request.method == "POST")
        let basic = Data("client-id-123:\(QBOTestFixtures.clientSecret)".utf8).base64EncodedString()
        #expect(request.header("authorization") == "Basic \(basic)")
        #expect(request.header("content-type") == "application/x-www-form-urlencoded")
        #expect(String(decoding: request.body, as: UTF8.self) == "grant_type=refresh_token&refresh_token=SEED%2Fwith%2Bchars")
    }

    @Test func anExistingTokensFileWinsOverTheSeed() async throws {
        let harness = try ClientHarness(saved: ("ACCESS-SAVED", "REFRESH-SAVED"), seed: "SEED-STALE")
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]]))
        _ = try await harness.client.query("select * from Account")
        #expect(harness.transport.tokenRequests.isEmpty)
        #expect(QBOTestFixtures.bearer(of: harness.transport.apiRequests[0]) == "ACCESS-SAVED")
    }

    @Test func anAccessTokenWithinAMinuteOfExpiryIsRefreshedWithTheSavedRefreshTokenNotTheSeed() async throws {
        let harness = try ClientHarness(saved: ("ACCESS-OLD", "REFRESH-SAVED"), seed: "SEED-STALE")
        harness.clock.advance(3600 - 30)
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-NEXT"))
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]]))
        _ = try await harness.client.query("select * from Account")
        let body = String(decoding: harness.transport.tokenRequests[0].body, as: UTF8.self)
        #expect(body.hasSuffix("refresh_token=REFRESH-SAVED"))
        #expect(QBOTestFixtures.bearer(of: harness.transport.apiRequests[0]) == "ACCESS-NEW")
    }

    @Test func concurrentCallsShareOneRefresh() async throws {
        let harness = try ClientHarness(seed: "SEED-1")
        harness.transport.scriptToken { _ in
            try await Task.sleep(nanoseconds: 50_000_000)  // long enough for every caller to arrive
            return QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED")
        }
        for _ in 0..<6 { harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]])) }
        let client = harness.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await client.query("select * from Account") } }
            try await group.waitForAll()
        }
        #expect(harness.transport.tokenRequests.count == 1)
        #expect(harness.transport.apiRequests.count == 6)
        #expect(harness.transport.apiRequests.allSatisfy { QBOTestFixtures.bearer(of: $0) == "ACCESS-NEW" })
    }

    @Test func a401CausesOneRefreshAndOneResendWithTheSameRequestID() async throws {
        let harness = try ClientHarness(saved: ("ACCESS-REVOKED", "REFRESH-SAVED"))
        harness.transport.scriptAPI(QBOTestFixtures.unauthorized())
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer, tid: "tid-ok"))
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED"))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b002")
        let sent = harness.transport.apiRequests
        #expect(sent.count == 2)
        #expect(sent.map(QBOTestFixtures.requestID(of:)) == ["run1-b002", "run1-b002"])
        #expect(sent.map(QBOTestFixtures.bearer(of:)) == ["ACCESS-REVOKED", "ACCESS-NEW"])
        #expect(sent[0].body == sent[1].body)
        #expect(harness.transport.tokenRequests.count == 1)
        #expect(exchange.attempts == 2)
        #expect(exchange.intuitTID == "tid-ok")
        #expect(try harness.store.load()?.refreshToken == "REFRESH-ROTATED")
    }

    @Test func concurrentCallsRefusedWithTheSameTokenShareOneRefresh() async throws {
        let harness = try ClientHarness(saved: ("ACCESS-REVOKED", "REFRESH-SAVED"))
        harness.transport.scriptToken { _ in
            try await Task.sleep(nanoseconds: 50_000_000)
            return QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED")
        }
        for _ in 0..<8 {
            harness.transport.scriptAPI { request in
                QBOTestFixtures.bearer(of: request) == "ACCESS-REVOKED"
                    ? QBOTestFixtures.unauthorized() : QBOTestFixtures.json(["QueryResponse": [:]])
            }
        }
        let client = harness.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await client.query("select * from Account") } }
            try await group.waitForAll()
        }
        #expect(harness.transport.tokenRequests.count == 1)
        #expect(harness.transport.apiRequests.filter { QBOTestFixtures.bearer(of: $0) == "ACCESS-NEW" }.count == 4)
    }

    @Test func a401AfterTheRefreshMeansAuthorizationIsNeeded() async throws {
        let harness = try ClientHarness(saved: ("ACCESS-REVOKED", "REFRESH-SAVED"))
        harness.transport.scriptAPI(QBOTestFixtures.unauthorized())
        harness.transport.scriptAPI(QBOTestFixtures.unauthorized())
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED"))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b003")
        }
        #expect(error?.needsAuthorization == true)
        #expect(harness.transport.apiRequests.count == 2)
        #expect(harness.transport.tokenRequests.count == 1)
    }

    @Test(arguments: [400, 401])
    func aRefusedRefreshTellsTheUserToConnect(status: Int) async throws {
        let harness = try ClientHarness(seed: "SEED-DEAD")
        harness.transport.scriptToken(QBOTestFixtures.json(["error": "invalid_grant"], status: status))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b004")
        }
        #expect(error?.disposition == .authorizationNeeded)
        #expect(error?.errorDescription?.contains("qbsync connect") == true)
        #expect(error?.errorDescription?.contains("invalid_grant") == true)
        #expect(harness.transport.apiRequests.isEmpty)
        #expect(try harness.store.load() == nil)
    }

    @Test func aWorkspaceWithNoTokensAndNoSeedNeedsAuthorizationWithoutSendingAnything() async throws {
        let harness = try ClientHarness()
        let error = await #expect(throws: QBOClientError.self) { _ = try await harness.client.query("select * from Account") }
        #expect(error?.needsAuthorization == true)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func tokensSavedForAnotherCompanyAreNotUsed() async throws {
        let harness = try ClientHarness()
        try harness.store.save(TestWorkspace.savedTokens(access: "A", refresh: "R", now: harness.clock.now(), realm: "777"))
        let error = await #expect(throws: QBOClientError.self) { _ = try await harness.client.query("select * from Account") }
        #expect(error?.needsAuthorization == true)
        #expect(error?.errorDescription?.contains("777") == true)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func aRejectedClientSecretIsAConfigurationErrorNotALoginProblem() async throws {
        let harness = try ClientHarness(seed: "SEED-1")
        harness.transport.scriptToken(QBOTestFixtures.json(["error": "invalid_client"], status: 401))
        let error = await #expect(throws: QBOClientError.self) { _ = try await harness.client.query("select * from Account") }
        #expect(error?.disposition == .fatal)
        #expect(error?.errorDescription?.contains("QBSYNC_CLIENT_SECRET") == true)
    }

    @Test func aThrottledRefreshIsRetriedAfterItsWait() async throws {
        let harness = try ClientHarness(seed: "SEED-1")
        harness.transport.scriptToken(HTTPResponse(status: 429, headers: ["Retry-After": "3"]))
        harness.transport.scriptToken(QBOTestFixtures.grant(access: "ACCESS-NEW", refresh: "REFRESH-ROTATED"))
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]]))
        _ = try await harness.client.query("select * from Account")
        #expect(harness.clock.sleeps == [3])
        #expect(harness.transport.tokenRequests.count == 2)
    }
}
