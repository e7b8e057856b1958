import Foundation
import Testing
@testable import QBSyncCore

/// Workspaces and token files for tests.
enum TestWorkspace {
    /// A fresh, empty folder in the system's temporary directory, removed when the test that
    /// asked for it ends (its suite carries `.removesTemporaryFolders`).
    static func make() throws -> URL {
        guard let folders = TemporaryFolders.current else { throw TemporaryFolders.OutsideScope() }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-qbo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        folders.add(url)
        return url
    }

    /// Tokens on disk whose access token `access` is valid for an hour after `now`.
    static func savedTokens(access: String, refresh: String, now: Date, realm: String = "9130350000000001") -> StoredTokens {
        StoredTokens(
            accessToken: Secret(access), accessTokenExpiresAt: now.addingTimeInterval(3600), refreshToken: Secret(refresh),
            realm: realm, updatedAt: now)
    }
}

/// The temporary folders one test made, removed when it ends, pass or fail: a full `swift test`
/// used to leave hundreds behind in the system's temporary directory.
final class TemporaryFolders: @unchecked Sendable {
    /// The folders of the test running on this task, if its suite removes them.
    @TaskLocal static var current: TemporaryFolders?

    private let lock = NSLock()
    private var urls: [URL] = []

    func add(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        urls.append(url)
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for url in urls { try? FileManager.default.removeItem(at: url) }
        urls = []
    }

    /// `TestWorkspace.make()` was called from a suite without `.removesTemporaryFolders`: the
    /// folder would be left behind, so the test fails instead.
    struct OutsideScope: Error, CustomStringConvertible {
        var description: String { "TestWorkspace.make() needs its suite marked @Suite(.removesTemporaryFolders)" }
    }
}

/// Gives every test of a suite its own `TemporaryFolders`, and removes them after the test.
struct RemovesTemporaryFolders: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    /// A scope per test case; the suite itself needs none.
    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? { testCase == nil ? nil : self }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let folders = TemporaryFolders()
        defer { folders.removeAll() }
        try await TemporaryFolders.$current.withValue(folders) { try await function() }
    }
}

extension Trait where Self == RemovesTemporaryFolders {
    /// Removes the temporary folders each test of the suite made, when the test ends.
    static var removesTemporaryFolders: Self { Self() }
}
