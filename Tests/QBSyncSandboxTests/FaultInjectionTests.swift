import Foundation
import QBSyncJSON
import QBSyncSandbox
import Testing

/// The sandbox's injected faults strike every Nth request as configured, where QuickBooks's own
/// would: before applying, after applying, at the throttle, at the token check.
struct FaultInjectionTests {
    func createCustomer(_ client: SandboxClient, _ name: String, requestID: String? = nil) async throws -> (Answer, [String: JSONValue]) {
        try await client.batch([["bId": "c1", "operation": "create", "Customer": Documents.customer(name)]], requestID: requestID)
    }

    func customerNames(_ client: SandboxClient) -> [String] {
        client.server.objects("Customer").compactMap { $0["DisplayName"]?.stringValue }
    }

    @Test func everyNthWriteIsRefusedWith503BeforeItIsApplied() async throws {
        let client = try await SandboxClient.connected { $0.faults.failBeforeApplyEvery = 2 }
        defer { client.stop() }
        #expect(try await createCustomer(client, "First").0.status == 200)
        let (second, _) = try await createCustomer(client, "Second")
        #expect(second.status == 503)
        #expect(second.faultCode == "3003")
        #expect(customerNames(client) == ["First"])
        #expect(try await createCustomer(client, "Second").0.status == 200)
        #expect(customerNames(client) == ["First", "Second"])
        #expect(client.server.statistics.injectedFailures == 1)
    }

    @Test func everyNthWriteIsAppliedAndItsAnswerCutOff() async throws {
        let client = try await SandboxClient.connected { $0.faults.dropAfterApplyEvery = 2 }
        defer { client.stop() }
        #expect(try await createCustomer(client, "First").0.status == 200)
        await #expect(throws: (any Error).self) { _ = try await createCustomer(client, "Second") }
        #expect(customerNames(client) == ["First", "Second"], "the change is kept although its answer was lost")
        #expect(client.server.statistics.injectedDrops == 1)
    }

    @Test func aThrottleBurstRefusesRequestsInARowWithRetryAfter() async throws {
        let client = try await SandboxClient.connected { faults in
            faults.faults.throttleEvery = 3
            faults.faults.throttleBurst = 2
            faults.faults.throttleRetryAfter = 0.5
        }
        defer { client.stop() }
        var statuses: [Int] = []
        for index in 1...5 {
            let (answer, _) = try await createCustomer(client, "Customer \(index)")
            statuses.append(answer.status)
            if answer.status == 429 {
                #expect(answer.headers["retry-after"] == "0.5")
                #expect(answer.faultCode == "3001")
            }
        }
        #expect(statuses == [200, 200, 429, 429, 200])
        #expect(customerNames(client) == ["Customer 1", "Customer 2", "Customer 5"])
        #expect(client.server.statistics.injectedThrottles == 2)
        #expect(client.server.statistics.throttledByLimits == 0)
    }

    @Test func expiringTokensMeetA401AndARotatedRefreshTokenReplacesTheOldOne() async throws {
        let client = try await SandboxClient.connected { $0.faults.expireTokensEvery = 2 }
        defer { client.stop() }
        #expect(try await client.query("select * from Customer").status == 200)
        #expect(try await client.query("select * from Customer").status == 401)
        let old = client.refreshToken
        let refreshed = try await client.refresh(old)
        let newRefresh = try #require(refreshed.json["refresh_token"]?.stringValue)
        #expect(newRefresh != old)
        #expect(try await client.refresh(old).status == 400, "a rotated refresh token is dead")
        client.accessToken = try #require(refreshed.json["access_token"]?.stringValue)
        #expect(try await client.query("select * from Customer").status == 200)
    }

    @Test func withRotationOffARefreshGivesTheSameRefreshTokenBack() async throws {
        let client = try await SandboxClient.connected { $0.rotateRefreshTokens = false }
        defer { client.stop() }
        let again = try await client.refresh(client.refreshToken)
        #expect(again.json["refresh_token"]?.stringValue == client.refreshToken)
    }

    @Test(arguments: [false, true])
    func aReplayedRequestIDIsAnsweredAsBeforeUnlessTheSandboxForgetsThem(forget: Bool) async throws {
        let client = try await SandboxClient.connected { $0.faults.ignoreRequestIDs = forget }
        defer { client.stop() }
        let (first, firstItems) = try await createCustomer(client, "Patient R", requestID: "run1-b0001")
        let (second, secondItems) = try await createCustomer(client, "Patient R", requestID: "run1-b0001")
        #expect(first.status == 200 && second.status == 200)
        #expect(firstItems["c1"]?["Customer"] != nil)
        if forget {
            #expect(secondItems["c1"]?["Fault"]?["Error"]?.arrayValue?.first?["code"] == "6240", "applied again: a duplicate name")
        } else {
            #expect(secondItems["c1"]?["Customer"]?["Id"] == firstItems["c1"]?["Customer"]?["Id"])
        }
        #expect(customerNames(client) == ["Patient R"])
    }

    @Test func everyNthAnswerIsHeldBack() async throws {
        let client = try await SandboxClient.connected { faults in
            faults.faults.slowEvery = 2
            faults.faults.slowSeconds = 0.05
        }
        defer { client.stop() }
        for _ in 1...4 { #expect(try await client.query("select * from Customer").status == 200) }
        #expect(client.server.statistics.injectedSlowAnswers == 2)
    }

    @Test(arguments: [
        { (faults: inout SandboxFaults) in faults.throttleEvery = 1 },
        { (faults: inout SandboxFaults) in faults.dropAfterApplyEvery = 0 },
        { (faults: inout SandboxFaults) in
            faults.throttleEvery = 3
            faults.throttleBurst = 3
        },
    ])
    func settingsThatWouldRefuseEveryRetryAreReported(change: @Sendable (inout SandboxFaults) -> Void) {
        var faults = SandboxFaults()
        #expect(faults.problem == nil)
        change(&faults)
        #expect(faults.problem != nil)
    }
}
