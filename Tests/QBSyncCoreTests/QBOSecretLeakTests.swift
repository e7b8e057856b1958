import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

/// Tokens and the client secret must never reach a log line, an error message or a description,
/// whatever path a call takes.
@Suite(.removesTemporaryFolders)
struct QBOSecretLeakTests {
    static let savedAccess = "ACCESS-SAVED-7h6g5f4d3s2a"
    static let savedRefresh = "REFRESH-SAVED-1q2w3e4r5t6y"
    static let newAccess = "ACCESS-NEW-0p9o8i7u6y5t"
    static let newRefresh = "REFRESH-NEW-z9x8c7v6b5n4"
    static let secrets = [savedAccess, savedRefresh, newAccess, newRefresh, QBOTestFixtures.clientSecret, QBOTestFixtures.seedRefresh]

    /// Every text a user or a log could see from `error`.
    private func texts(of error: Error) -> [String] {
        var dumped = ""
        dump(error, to: &dumped)
        return [String(describing: error), String(reflecting: error), error.localizedDescription, dumped]
            + [(error as? LocalizedError)?.errorDescription].compactMap { $0 }
    }

    private func expectNoSecret(in texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in Self.secrets where text.contains(secret) {
                Issue.record("a secret leaked into: \(text.replacingOccurrences(of: secret, with: "<<LEAK>>"))", sourceLocation: sourceLocation)
            }
        }
    }

    /// Runs `body` against a client, returning its error (if any) and every log line.
    private func run(
        saved: Bool, seed: Bool = false, script: (FakeTransport) -> Void,
        _ body: @escaping @Sendable (QBOClient) async throws -> Void
    ) async throws -> (error: Error?, lines: [String]) {
        let harness = try ClientHarness(
            saved: saved ? (Self.savedAccess, Self.savedRefresh) : nil, seed: seed ? QBOTestFixtures.seedRefresh : nil,
            policy: QBOTestFixtures.policy(maxAttempts: 2))
        script(harness.transport)
        var caught: Error?
        do { try await body(harness.client) } catch { caught = error }
        return (caught, harness.recorder.lines)
    }

    @Test func aSuccessfulRefreshAndBatchLogTheTidButNoSecret() async throws {
        let result = try await run(saved: false, seed: true) { transport in
            transport.scriptToken(QBOTestFixtures.grant(access: Self.newAccess, refresh: Self.newRefresh))
            transport.scriptAPI(QBOTestFixtures.json(QBOTestFixtures.batchAnswer, tid: "tid-visible"))
        } _: { client in
            _ = try await client.batch(QBOTestFixtures.batchBody, requestID: "leak-1")
        }
        #expect(result.error == nil)
        #expect(result.lines.contains { $0.contains("intuit_tid=tid-visible") })
        #expect(result.lines.contains { $0.contains("refreshing") })
        expectNoSecret(in: result.lines)
    }

    @Test func aGatewayThatEchoesTheTokenInItsFaultLeaksNothing() async throws {
        let result = try await run(saved: true) { transport in
            transport.scriptAPI(QBOTestFixtures.unauthorized(detail: "Token expired: \(Self.savedAccess)"))
            transport.scriptToken(QBOTestFixtures.grant(access: Self.newAccess, refresh: Self.newRefresh))
            transport.scriptAPI(QBOTestFixtures.unauthorized(detail: "Token invalid: \(Self.newAccess) / \(Self.newRefresh)"))
        } _: { client in
            _ = try await client.query("select * from Account")
        }
        let error = try #require(result.error as? QBOClientError)
        #expect(error.needsAuthorization)
        #expect(error.errorDescription?.contains("<redacted>") == true)
        expectNoSecret(in: texts(of: error) + result.lines)
    }

    @Test func aRefusedRefreshLeaksNothing() async throws {
        let result = try await run(saved: false, seed: true) { transport in
            // A token endpoint that echoes the request is not quoted: only the OAuth error word is.
            transport.scriptToken(
                QBOTestFixtures.json(["error": "invalid_grant", "error_description": .string("bad token \(QBOTestFixtures.seedRefresh)")], status: 400))
        } _: { client in
            _ = try await client.batch(QBOTestFixtures.batchBody, requestID: "leak-2")
        }
        let error = try #require(result.error)
        expectNoSecret(in: texts(of: error) + result.lines)
    }

    @Test(arguments: [429, 503])
    func throttlingAndUncertainOutcomesLeakNothing(status: Int) async throws {
        let result = try await run(saved: true) { transport in
            for _ in 0..<3 { transport.scriptAPI(HTTPResponse(status: status, headers: ["intuit_tid": "tid-x"])) }
        } _: { client in
            _ = try await client.batch(QBOTestFixtures.batchBody, requestID: "leak-3")
        }
        let error = try #require(result.error)
        expectNoSecret(in: texts(of: error) + result.lines)
    }

    @Test func theClientItsConnectionAndItsRequestsDescribeThemselvesWithoutSecrets() async throws {
        let harness = try ClientHarness(saved: (Self.savedAccess, Self.savedRefresh), seed: QBOTestFixtures.seedRefresh)
        harness.transport.scriptAPI(QBOTestFixtures.json(["QueryResponse": [:]]))
        _ = try await harness.client.query("select * from Account")
        var dumpedClient = ""
        dump(harness.client, to: &dumpedClient)
        var dumpedTokens = ""
        dump(try harness.store.load(), to: &dumpedTokens)
        let request = try #require(harness.transport.apiRequests.first)
        expectNoSecret(in: [
            String(describing: harness.client), dumpedClient, dumpedTokens, String(describing: request),
            String(describing: harness.client.connection), String(reflecting: harness.client.connection),
        ])
    }
}
