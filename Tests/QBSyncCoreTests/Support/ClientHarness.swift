import Foundation
@testable import QBSyncCore

/// A `QBOClient` wired to a scripted transport, a fake clock, a log recorder and a fresh workspace.
struct ClientHarness {
    let transport = FakeTransport()
    let clock = FakeClock()
    let recorder = LogRecorder()
    let workspace: URL
    let store: TokenStore
    let client: QBOClient

    /// - Parameters:
    ///   - saved: tokens to put in `tokens.json` first (access valid for an hour), or nil for none.
    ///   - seed: the `QBSYNC_REFRESH_TOKEN` value.
    init(
        saved: (access: String, refresh: String)? = nil, seed: String? = nil,
        policy: RetryPolicy = QBOTestFixtures.policy()
    ) throws {
        workspace = try TestWorkspace.make()
        store = TokenStore(workspace: workspace, logger: recorder.logger(label: "tokens"))
        if let saved {
            try store.save(TestWorkspace.savedTokens(access: saved.access, refresh: saved.refresh, now: clock.now()))
        }
        client = QBOClient(
            connection: try QBOTestFixtures.connection(), transport: transport, tokenStore: store,
            seedRefreshToken: seed.map { Secret($0) }, clock: clock, logger: recorder.logger(label: "qbo"),
            retryPolicy: policy)
    }
}

/// A value a `@Sendable` closure can write and a test read afterwards.
final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
