import Foundation
import GRDB
import QBSyncCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One extract at a time: a second `qbsync extract` (or `qbsync run`) while one works is
/// refused with exit code 3, names the one at work, and leaves its run alone.
struct ExtractLockTests {
    @Test func aSecondExtractWhileOneWorksIsRefusedAndTheFirstRunIsUndamaged() async throws {
        let harness = try PipelineHarness()
        let paused = TestFlag()
        let secondDone = TestFlag()
        // The first extract stops with its files written and its ledger transaction open...
        let first = Task {
            try await harness.extract(
                crashPoints: .calling { point in
                    guard point == .afterFiles else { return }
                    paused.raise()
                    secondDone.block(seconds: 240)
                })
        }
        // Generous: on a loaded 2-core machine the extract waits its turn behind hundreds of tests.
        #expect(await paused.wait(seconds: 240), "the first extract never reached its files")
        // ... while a second starts, as a person would by hand while the nightly runs.
        let second = await harness.qbsyncOutput("extract")
        let nightly = await harness.qbsyncOutput("run")
        secondDone.raise()
        let result = try await first.value
        let run = result.run.id

        #expect(second.code == 3, "\(second.err)")
        #expect(second.err.contains("e2e-test on \(LoadLock.hostName()) (pid \(getpid()), run \(run)) since"), "\(second.err)")
        #expect(nightly.code == 3, "\(nightly.err)")
        #expect(nightly.err.contains("(pid \(getpid()), run \(run))"), "\(nightly.err)")

        // One run, in the ledger and on disk, with every file as its manifest records it.
        let ledger = try harness.openLedger()
        #expect(try ledger.runs().map(\.id) == [run])
        let runs = try FileManager.default.contentsOfDirectory(atPath: harness.workspace.appendingPathComponent("runs").path)
        #expect(runs == [run])
        let folder = RunFolder(workspace: harness.workspace, id: run)
        let manifest = try folder.manifest(pipeline: "e2e")
        let extract = try #require(manifest.stages[.extract])
        #expect(extract.status == .done)
        #expect(extract.files.count > 2)
        for (path, digest) in extract.files {
            #expect(try FileStore.sha256(of: folder.url.appendingPathComponent(path)) == digest, "\(path) changed")
        }
        #expect(try ledger.lockHolder("workspace") == nil, "a finished extract leaves the lock")

        // The run goes on to the end: every sale once.
        #expect(await harness.qbsync("run", "--run", run) == 0)
        #expect(try harness.expectBooksPostedOnce() == [])
    }

    @Test func aWorkspaceLockHeldElsewhereRefusesAndOneLeftByAProcessThatIsGoneIsTakenOver() async throws {
        let harness = try PipelineHarness()
        func hold(host: String) throws -> LockHolder {
            let holder = LockHolder(
                token: UUID().uuidString, user: "frontdesk", host: host, pid: Int32.max, runID: "0007-20261121T020000Z",
                since: "2026-11-21T02:00:00Z")
            #expect(try harness.openLedger().takeLock("workspace", for: holder) { _ in true } == nil)
            return holder
        }
        // Held from the front desk's computer: its pid means nothing here.
        _ = try hold(host: "front-desk-pc")
        let refused = await harness.qbsyncOutput("extract")
        #expect(refused.code == 3)
        #expect(refused.err.contains("frontdesk on front-desk-pc (pid \(Int32.max), run 0007-20261121T020000Z) since 2026-11-21T02:00:00Z"))
        #expect(try harness.openLedger().runs().isEmpty && harness.openLedger().cursor() == 0, "nothing was taken")
        #expect(await harness.qbsync("extract", "--take-over-lock") == 0)

        // Left on this host by a process that is gone: the next extract takes it over.
        _ = try hold(host: LoadLock.hostName())
        #expect(await harness.qbsync("extract") == 0)
        #expect(try harness.openLedger().lockHolder("workspace") == nil)
        #expect(try harness.openLedger().runs().count == 2)
    }

    @Test func twoRunIDsAllocatedInTheSameSecondDiffer() throws {
        let harness = try PipelineHarness()
        let ledger = try harness.openLedger()
        let now = Date()
        let first = try ledger.nextRunID(at: now)
        let second = try ledger.nextRunID(at: now)
        #expect(first.seq != second.seq)
        #expect(first.id != second.id)
    }
}
