import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

@Suite(.removesTemporaryFolders)
struct QBOClientRetryTests {
    private func harness(maxAttempts: Int = 4) throws -> ClientHarness {
        try ClientHarness(saved: ("ACCESS-1", "REFRESH-1"), policy: QBOTestFixtures.policy(maxAttempts: maxAttempts))
    }

    @Test func aBatchIsPostedWithTheHeadersTheRequestIDAndTheExactBytesKept() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer, tid: "1-66f0-abc"))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b001")
        let request = try #require(harness.transport.apiRequests.first)
        #expect(request.method == "POST")
        #expect(
            request.url.absoluteString
                == "https://qbo.test.example/v3/company/\(QBOTestFixtures.realm)/batch?minorversion=75&requestid=run1-b001")
        #expect(request.header("accept") == "application/json")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("authorization") == "Bearer ACCESS-1")
        #expect(request.body == JSONWriter.prettyData(QBOTestFixtures.batchBody))
        #expect(exchange.requestBytes == request.body)
        #expect(exchange.json == QBOTestFixtures.batchAnswer)
        #expect(exchange.responseBytes == JSONWriter.prettyData(QBOTestFixtures.batchAnswer))
        #expect(exchange.intuitTID == "1-66f0-abc")
        #expect(exchange.attempts == 1)
        #expect(exchange.batchItems["b1"]?["Customer"]?["Id"] == "58")
        #expect(harness.recorder.lines.contains { $0.contains("intuit_tid=1-66f0-abc") })
    }

    @Test func a429WithJSONWaitsForRetryAfterAndResendsTheSameRequest() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(QBOTestFixtures.throttledJSON(retryAfter: "7"))
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b005")
        #expect(harness.clock.sleeps == [7])
        let sent = harness.transport.apiRequests
        #expect(sent.map(QBOTestFixtures.requestID(of:)) == ["run1-b005", "run1-b005"])
        #expect(sent[0].body == sent[1].body)
        #expect(exchange.attempts == 2)
        #expect(harness.recorder.lines.contains { $0.contains("throttled") && $0.contains("fault=3001") })
    }

    @Test func a429WithAnXMLBodyAndNoRetryAfterWaitsTheFullMinuteAndResends() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(QBOTestFixtures.throttledXML)
        harness.transport.scriptAPI(QBOTestFixtures.throttledXML)
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b006")
        // Intuit names no wait; it asks for the rest of the minute, and a shorter one meets
        // the same throttle again.
        #expect(harness.clock.sleeps == [60, 60])
        #expect(Set(harness.transport.apiRequests.map(QBOTestFixtures.requestID(of:))) == ["run1-b006"])
        #expect(exchange.attempts == 3)
        #expect(harness.recorder.lines.contains { $0.contains("throttled") && $0.contains("fault=3001") && $0.contains("intuit_tid=tid-xml") })
    }

    @Test func throttlingNeverUsesUpTheAttemptsTheRequestWaitsAndIsSentAgain() async throws {
        let harness = try harness(maxAttempts: 3)
        for _ in 0..<5 { harness.transport.scriptAPI(QBOTestFixtures.throttledJSON(retryAfter: "60")) }
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b007")
        #expect(exchange.attempts == 6)
        #expect(Set(harness.transport.apiRequests.map(QBOTestFixtures.requestID(of:))) == ["run1-b007"])
        #expect(harness.clock.sleeps == [60, 60, 60, 60, 60])
    }

    @Test(arguments: [500, 502, 503, 504])
    func a5xxAnswerToABatchIsAnUncertainOutcomeAndIsNotResent(status: Int) async throws {
        let harness = try harness()
        harness.transport.scriptAPI(HTTPResponse(status: status, headers: ["intuit_tid": "tid-5xx"], body: Array("upstream error".utf8)))
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b008")
        }
        #expect(error?.disposition == .uncertain)
        guard case .uncertainOutcome(let outcome)? = error else { return }
        #expect(outcome.requestID == "run1-b008")
        #expect(outcome.requestBytes == JSONWriter.prettyData(QBOTestFixtures.batchBody))
        #expect(outcome.status == status)
        #expect(outcome.responseBytes == Array("upstream error".utf8))
        #expect(outcome.intuitTID == "tid-5xx")
        #expect(outcome.attempts == 1)
        #expect(harness.transport.apiRequests.count == 1)
        #expect(error?.errorDescription?.contains("may or may not have applied") == true)
    }

    @Test func aLostAnswerToABatchIsAnUncertainOutcome() async throws {
        let harness = try harness()
        harness.transport.scriptAPI { _ in throw HTTPTransportError.answerLost(reason: "timed out") }
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b009")
        }
        #expect(error?.disposition == .uncertain)
        #expect(harness.transport.apiRequests.count == 1)
    }

    @Test func anUnreadable200ToABatchIsAnUncertainOutcome() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(HTTPResponse(status: 200, body: Array("<html>".utf8)))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b010")
        }
        #expect(error?.disposition == .uncertain)
    }

    @Test func aBatchThatCouldNotBeSentIsRetriedWithTheSameRequestID() async throws {
        let harness = try harness()
        harness.transport.scriptAPI { _ in throw HTTPTransportError.notSent(reason: "connection refused") }
        harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b011")
        #expect(exchange.attempts == 2)
        #expect(harness.clock.sleeps == [1.5])
        #expect(Set(harness.transport.apiRequests.map(QBOTestFixtures.requestID(of:))) == ["run1-b011"])
    }

    @Test func aBatchRefusedAsAWholeIsRejectedWithItsFault() async throws {
        let harness = try harness()
        let fault: JSONValue = ["Fault": ["Error": [["Message": "Batch size too large", "code": "1040"]], "type": "ValidationFault"]]
        harness.transport.scriptAPI(QBOTestFixtures.json(fault, status: 400, tid: "tid-400"))
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b012")
        }
        #expect(error?.disposition == .rejected)
        #expect(error?.fault?.numericCode == 1040)
        #expect(error?.errorDescription?.contains("tid-400") == true)
    }

    @Test func anAppNoLongerAuthorizedForTheCompanyNeedsAuthorization() async throws {
        let harness = try harness()
        let fault: JSONValue = ["Fault": ["Error": [["Message": "ApplicationAuthorizationFailed", "code": "3100"]], "type": "AUTHENTICATION"]]
        harness.transport.scriptAPI(QBOTestFixtures.json(fault, status: 403))
        let error = await #expect(throws: QBOClientError.self) { _ = try await harness.client.query("select * from Account") }
        #expect(error?.needsAuthorization == true)
        #expect(harness.transport.tokenRequests.isEmpty)
    }

    @Test func perItemFaultsComeBackInTheExchangeRatherThanAsAnError() async throws {
        let harness = try harness()
        let answer: JSONValue = [
            "BatchItemResponse": [
                ["bId": "b1", "Fault": ["type": "ValidationFault", "Error": [["Message": "Duplicate Name Exists Error", "code": "6240"]]]]
            ]
        ]
        harness.transport.scriptAPI(QBOTestFixtures.json(answer))
        let exchange = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-b013")
        #expect(exchange.itemFaults["b1"]?.numericCode == 6240)
    }

    @Test func aQueryIsAPercentEncodedGetAndReturnsTheEntitiesOfOnePage() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(
            QBOTestFixtures.json(["QueryResponse": ["Invoice": [["Id": "1"], ["Id": "2"]], "startPosition": 1, "maxResults": 2]]))
        let rows = try await harness.client.query("select * from Invoice where DocNumber = 'O\\'Brien 1'")
        #expect(rows == [["Id": "1"], ["Id": "2"]])
        let request = try #require(harness.transport.apiRequests.first)
        #expect(request.method == "GET")
        #expect(request.body.isEmpty)
        #expect(request.header("accept") == "application/json")
        #expect(
            request.url.absoluteString.hasSuffix(
                "/query?query=select%20%2A%20from%20Invoice%20where%20DocNumber%20%3D%20%27O%5C%27Brien%201%27&minorversion=75"))
    }

    @Test func anEmptyQueryAnswerIsNoRows() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:], "time": "2025-06-15T10:00:00Z"]))
        #expect(try await harness.client.query("select * from Customer where DisplayName = 'x'").isEmpty)
    }

    @Test func aReadIsRetriedAfterA503BecauseItChangesNothing() async throws {
        let harness = try harness()
        harness.transport.scriptAPI(HTTPResponse(status: 503))
        harness.transport.scriptAPI { _ in throw HTTPTransportError.answerLost(reason: "connection dropped") }
        harness.transport.scriptAPI(QBOTestFixtures.json(["Customer": ["Id": "58", "SyncToken": "3"], "time": "t"]))
        let customer = try await harness.client.read(entity: "Customer", id: "58")
        #expect(customer?["SyncToken"] == "3")
        #expect(harness.transport.apiRequests.count == 3)
        #expect(harness.transport.apiRequests[0].url.path.hasSuffix("/customer/58"))
    }

    @Test func readingAnEntityThatDoesNotExistGivesNil() async throws {
        let harness = try harness()
        let fault: JSONValue = ["Fault": ["Error": [["Message": "Object Not Found", "code": "610"]], "type": "ValidationFault"]]
        harness.transport.scriptAPI(QBOTestFixtures.json(fault, status: 400))
        #expect(try await harness.client.read(entity: "Invoice", id: "999") == nil)
    }

    @Test(arguments: ["", "has space", "x/y", String(repeating: "a", count: 37)])
    func aBadRequestIDIsRefusedBeforeAnythingIsSent(requestID: String) async throws {
        let harness = try harness()
        let error = await #expect(throws: QBOClientError.self) {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: requestID)
        }
        #expect(error?.disposition == .fatal)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func requestsArePacedSoANormalRunIsNotThrottled() async throws {
        let harness = try harness()
        for _ in 0..<45 { harness.transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer)) }
        let start = harness.clock.now()
        for index in 0..<45 {
            _ = try await harness.client.batch(QBOTestFixtures.batchBody, requestID: "run1-p\(index)")
        }
        // 40 batches a minute: the 41st waited for the first to leave the minute window.
        #expect(harness.clock.now().timeIntervalSince(start) >= 60)
    }
}
