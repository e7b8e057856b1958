import Foundation
import Testing
@testable import QBSyncCore

@Suite(.removesTemporaryFolders)
struct TokenStoreTests {
    private let now = Date(timeIntervalSince1970: 1_750_000_000)

    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private func inode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.intValue ?? -1
    }

    @Test func aWorkspaceWithoutTokensJSONHasNoTokens() throws {
        let store = TokenStore(workspace: try TestWorkspace.make())
        #expect(try store.load() == nil)
    }

    @Test func savedTokensReadBackTheSameAndTheFileIsOwnerOnly() throws {
        let workspace = try TestWorkspace.make()
        let store = TokenStore(workspace: workspace)
        let tokens = StoredTokens(
            accessToken: "access-1", accessTokenExpiresAt: now.addingTimeInterval(3600), refreshToken: "refresh-1",
            refreshTokenExpiresAt: now.addingTimeInterval(8_640_000), realm: "42", updatedAt: now)
        try store.save(tokens)
        #expect(try store.load() == tokens)
        #expect(try mode(store.fileURL) == 0o600)
        let text = try String(contentsOf: store.fileURL, encoding: .utf8)
        #expect(text.contains("\"refresh_token\": \"refresh-1\""))
        #expect(text.contains("\"access_token_expires_at\": \"2025-06-15T16:06:40Z\""))
    }

    @Test func aSaveReplacesTheFileAtomicallyAndLeavesNoTemporaryFileBehind() throws {
        let workspace = try TestWorkspace.make()
        let store = TokenStore(workspace: workspace)
        try store.save(TestWorkspace.savedTokens(access: "a1", refresh: "r1", now: now))
        let before = try inode(store.fileURL)
        try store.save(TestWorkspace.savedTokens(access: "a2", refresh: "r2", now: now))
        // A rename gives the name a new file; writing in place would keep the inode.
        #expect(try inode(store.fileURL) != before)
        #expect(try store.load()?.refreshToken == "r2")
        #expect(try mode(store.fileURL) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path) == ["tokens.json"])
    }

    @Test func theFileIsOwnerOnlyEvenUnderAPermissiveUmask() throws {
        let store = TokenStore(workspace: try TestWorkspace.make())
        let old = umask(0)
        defer { umask(old) }
        try store.save(TestWorkspace.savedTokens(access: "a", refresh: "r", now: now))
        #expect(try mode(store.fileURL) == 0o600)
    }

    @Test func aMissingWorkspaceIsCreatedOwnerOnly() throws {
        let workspace = try TestWorkspace.make().appendingPathComponent("var/default")
        let store = TokenStore(workspace: workspace)
        try store.save(TestWorkspace.savedTokens(access: "a", refresh: "r", now: now))
        #expect(try mode(workspace) == 0o700)
    }

    @Test func aTokensFileReadableByOthersIsNarrowedTo0600WithAWarning() throws {
        let recorder = LogRecorder()
        let store = TokenStore(workspace: try TestWorkspace.make(), logger: recorder.logger())
        try store.save(TestWorkspace.savedTokens(access: "a", refresh: "r", now: now))
        chmod(store.fileURL.path, 0o644)
        #expect(try store.load()?.refreshToken == "r")
        #expect(try mode(store.fileURL) == 0o600)
        #expect(recorder.lines.contains { $0.hasPrefix("warning") && $0.contains("qbsync connect") })
    }

    @Test func aSymbolicLinkInPlaceOfTokensJSONIsRefused() throws {
        let workspace = try TestWorkspace.make()
        let elsewhere = workspace.appendingPathComponent("elsewhere.json")
        try Data("{}".utf8).write(to: elsewhere)
        try FileManager.default.createSymbolicLink(
            atPath: workspace.appendingPathComponent("tokens.json").path, withDestinationPath: elsewhere.path)
        let error = #expect(throws: TokenStoreError.self) { try TokenStore(workspace: workspace).load() }
        #expect(error?.errorDescription?.contains("symbolic link") == true)
    }

    @Test func aDamagedTokensFileSaysWhereAndWhatToDoWithoutQuotingIt() throws {
        let store = TokenStore(workspace: try TestWorkspace.make())
        try store.save(TestWorkspace.savedTokens(access: "a", refresh: "r", now: now))
        try Data("{\"refresh_token\": \"SECRET-XYZ\",\n \"realm_id\": 5 }".utf8).write(to: store.fileURL)
        let error = #expect(throws: TokenStoreError.self) { try store.load() }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("tokens.json"))
        #expect(message.contains("qbsync connect"))
        #expect(!message.contains("SECRET-XYZ"))
    }

    @Test func tokensDescribeThemselvesWithoutTheirSecrets() {
        let tokens = TestWorkspace.savedTokens(access: "ACCESS-SECRET-1", refresh: "REFRESH-SECRET-1", now: now)
        var dumped = ""
        dump(tokens, to: &dumped)
        for text in [String(describing: tokens), String(reflecting: tokens), dumped] {
            #expect(!text.contains("ACCESS-SECRET-1"))
            #expect(!text.contains("REFRESH-SECRET-1"))
        }
    }
}
