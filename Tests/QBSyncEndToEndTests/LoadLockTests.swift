import Foundation
import Logging
import QBSyncCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One initiator: a load refuses to start while another holds the company's lock, says who, and
/// takes over a lock whose holder is certainly gone.
struct LoadLockTests {
    let realm = "9341453050000000"

    func hold(_ harness: PipelineHarness, host: String = LoadLock.hostName(), pid: Int32) throws -> LockHolder {
        let holder = LockHolder(
            token: UUID().uuidString, user: "frontdesk", host: host, pid: pid, runID: "0000-other", since: "2026-11-21T02:00:00Z")
        let kept = try harness.openLedger().takeLock("load \(realm)", for: holder) { _ in false }
        #expect(kept == nil)
        return holder
    }

    @Test func aLoadWhileAnotherHoldsTheLockIsRefusedWithExitCode3AndPostsNothing() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // Another load of this process, still running.
        let other = try LoadLock.acquire(ledger: try harness.openLedger(), company: realm, run: "0000-other", user: "frontdesk", logger: logger)
        let refused = await harness.qbsyncOutput("load", "--run", run)
        #expect(refused.code == 3)
        #expect(refused.err.contains("another load holds the lock for this QuickBooks company: frontdesk on \(LoadLock.hostName()) (pid \(getpid()), run 0000-other) since"))
        #expect(harness.sandbox.objects("Invoice").isEmpty && harness.sandbox.objects("Customer").isEmpty)
        do {
            _ = try await harness.load(run, crashPoints: .none)
            Issue.record("the load ran although the lock was held")
        } catch let error as LoadError {
            guard case .locked(let holder, let loading) = error else { throw error }
            #expect(loading == run)
            #expect(holder == other.holder)
            let message = try #require(error.errorDescription)
            #expect(message.contains("frontdesk on \(LoadLock.hostName()) (pid \(getpid())"))
            #expect(message.contains("'qbsync load --run \(run) --take-over-lock'"))
        }
        try other.release()
        #expect(await harness.qbsync("load", "--run", run) == 0)
        #expect(try harness.openLedger().lockHolder("load \(realm)") == nil, "a finished load leaves the lock")
    }

    @Test func aLockLeftByAProcessThatIsGoneIsTakenOver() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        // No process has this pid (above Linux's pid_max).
        _ = try hold(harness, pid: Int32.max)
        #expect(await harness.qbsync("load", "--run", run) == 0)
        #expect(!harness.sandbox.objects("Invoice").isEmpty)
        #expect(try harness.openLedger().lockHolder("load \(realm)") == nil)
    }

    @Test func aLockHeldOnAnotherHostIsKeptUntilAnOperatorTakesItOver() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        let holder = try hold(harness, host: "front-desk-pc", pid: Int32.max)
        #expect(await harness.qbsync("load", "--run", run) == 3, "its pid means nothing here")
        #expect(try harness.openLedger().lockHolder("load \(realm)") == holder)
        #expect(await harness.qbsync("load", "--run", run, "--take-over-lock") == 0)
        #expect(!harness.sandbox.objects("Invoice").isEmpty)
    }

    @Test func aLoadThatStopsOnAnErrorLeavesTheLock() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        // A workspace login for another company: the load stops before posting.
        try TokenStore(workspace: harness.workspace).save(
            StoredTokens(accessToken: nil, accessTokenExpiresAt: nil, refreshToken: Secret("x"), realm: "1234", updatedAt: Date()))
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(try harness.openLedger().lockHolder("load \(realm)") == nil)
    }
}
