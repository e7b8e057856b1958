import Foundation
@testable import QBSyncCore

/// An in-memory `HTTPTransport`: token-endpoint requests and API requests each get the next
/// scripted answer of their own queue, and every request is recorded.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    /// One scripted answer: a response, or a transport error, worked out when the request arrives.
    typealias Answer = @Sendable (HTTPRequest) async throws -> HTTPResponse

    private let lock = NSLock()
    private var tokenAnswers: [Answer] = []
    private var apiAnswers: [Answer] = []
    private var recorded: [HTTPRequest] = []
    let tokenURL: URL

    init(tokenURL: URL = QBOTestFixtures.tokenURL) { self.tokenURL = tokenURL }

    func scriptToken(_ answer: @escaping Answer) { lock.withLock { tokenAnswers.append(answer) } }
    func scriptAPI(_ answer: @escaping Answer) { lock.withLock { apiAnswers.append(answer) } }
    func scriptToken(_ response: HTTPResponse) { scriptToken { _ in response } }
    func scriptAPI(_ response: HTTPResponse) { scriptAPI { _ in response } }

    var requests: [HTTPRequest] { lock.withLock { recorded } }
    var tokenRequests: [HTTPRequest] { requests.filter { $0.url == tokenURL } }
    var apiRequests: [HTTPRequest] { requests.filter { $0.url != tokenURL } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer: Answer? = lock.withLock {
            recorded.append(request)
            if request.url == tokenURL { return tokenAnswers.isEmpty ? nil : tokenAnswers.removeFirst() }
            return apiAnswers.isEmpty ? nil : apiAnswers.removeFirst()
        }
        guard let answer else { return HTTPResponse(status: 599, body: Array("no scripted answer".utf8)) }
        return try await answer(request)
    }
}
