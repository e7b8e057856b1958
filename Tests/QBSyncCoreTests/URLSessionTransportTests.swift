import Foundation
import Testing
@testable import QBSyncCore

struct URLSessionTransportTests {
    @Test func anAnswerComesBackWithLowerCasedHeaderNamesAndTheExactBody() async throws {
        let server = try LoopbackServer(
            .respond("HTTP/1.1 200 OK\r\nIntuit_TID: 1-abc\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"))
        defer { server.stop() }
        let transport = URLSessionTransport(timeout: 10)
        let url = URL(string: "http://127.0.0.1:\(server.port)/v3/company/1/batch?minorversion=75")!
        let response = try await transport.send(
            HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: Array("{\"a\":1}".utf8)))
        #expect(response.status == 200)
        #expect(response.headers["intuit_tid"] == "1-abc")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.body == Array("{\"ok\":true}".utf8))
        #expect(server.requests.first?.hasPrefix("POST /v3/company/1/batch?minorversion=75 HTTP/1.1") == true)
        #expect(server.requests.first?.hasSuffix("{\"a\":1}") == true)
    }

    @Test func aRedirectIsReturnedInsteadOfFollowed() async throws {
        let server = try LoopbackServer(
            .respond("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
        defer { server.stop() }
        let response = try await URLSessionTransport(timeout: 10).send(
            HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/")!))
        #expect(response.status == 302)
        #expect(server.requests.count == 1)
    }

    @Test func aRefusedConnectionMeansNothingWasSent() async throws {
        let port = try LoopbackServer.closedPort()
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await URLSessionTransport(timeout: 10).send(
                HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(port)/batch")!, body: [1]))
        }
        #expect(error?.isUncertain == false)
    }

    @Test func aServerThatNeverAnswersTimesOutAsAnUncertainOutcome() async throws {
        let server = try LoopbackServer(.silent)
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await URLSessionTransport(timeout: 1).send(
                HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(server.port)/batch")!, body: [1]))
        }
        #expect(error?.isUncertain == true)
    }

    @Test func aConnectionDroppedAfterTheRequestIsAnUncertainOutcome() async throws {
        let server = try LoopbackServer(.closeWithoutAnswer)
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await URLSessionTransport(timeout: 10).send(
                HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(server.port)/batch")!, body: [1]))
        }
        #expect(error?.isUncertain == true)
    }

    @Test(arguments: [
        (URLError.Code.cannotConnectToHost, false), (.cannotFindHost, false), (.notConnectedToInternet, false),
        (.secureConnectionFailed, false), (.timedOut, true), (.networkConnectionLost, true), (.cancelled, true),
        (.badServerResponse, true), (.unknown, true),
    ])
    func urlErrorsAreSortedIntoUnsentAndUncertain(code: URLError.Code, uncertain: Bool) {
        #expect(URLSessionTransport.classify(URLError(code)).isUncertain == uncertain)
    }
}
