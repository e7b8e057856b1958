import Foundation
import QBSyncCore
import Testing

/// Runs that no later command would finish on its own (an extract killed at its end, a run
/// folder deleted): `status`, the refusing commands and the nightly name the one command that
/// finishes each, and that command posts every item exactly once.
struct UnfinishedRunTests {
    /// Every item the ledger holds, synced; the books as one clean load leaves them.
    func expectAllSynced(_ harness: PipelineHarness, _ refs: [String]) throws {
        let states = try harness.ledgerStates()
        let notSynced = refs.filter { states[$0] != "synced" }
        #expect(notSynced.isEmpty, "not synced: \(notSynced.prefix(10))")
        #expect(try harness.expectBooksPostedOnce() == [])
    }

    @Test func anExtractKilledAfterItsLedgerCommitIsNamedAndFinishedByOneCommand() async throws {
        let harness = try PipelineHarness()
        await #expect(throws: SimulatedExtractCrash.self) { _ = try await harness.extract(crashPoints: .crash(at: .afterCommit)) }
        let ledger = try harness.openLedger()
        let run = try #require(try ledger.latestRun()).id
        let pending = try ledger.items(in: .pending).map(\.ref)
        #expect(pending.count > 20)
        let finish = "qbsync run --run \(run)"

        let status = await harness.qbsyncOutput("status")
        #expect(status.out.contains("\(pending.count) item(s)") && status.out.contains(finish), "\(status.out)")
        let json = await harness.qbsyncOutput("status", "--json")
        #expect(json.out.contains("\"\(finish)\""), "\(json.out)")
        // The nightly says so too, and does not take those items again.
        let nightly = await harness.qbsyncOutput("run")
        #expect(nightly.out.contains("run \(run)") && nightly.out.contains(finish), "\(nightly.out)")
        #expect(nightly.code == 1)
        #expect(try ledger.items(in: .pending).map(\.ref).sorted() == pending.sorted())
        let transform = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transform.code == 0, "\(transform.err)")
        #expect(transform.out.contains(finish), "\(transform.out)")

        let finished = await harness.qbsyncOutput("run", "--run", run)
        #expect(finished.code == 0, "\(finished.err)")
        #expect(finished.out.contains("run \(run):"), "\(finished.out)")
        try expectAllSynced(harness, pending)
        #expect(!(await harness.qbsyncOutput("status")).out.contains(finish))
        // Done is done: again, nothing more is posted.
        let invoices = harness.sandbox.objects("Invoice").count
        #expect(await harness.qbsync("run", "--run", run) == 0)
        #expect(harness.sandbox.objects("Invoice").count == invoices)
    }

    @Test func aRunWhoseFolderWasDeletedIsNamedAndFinishedByOneCommand() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.runID
        try FileManager.default.removeItem(at: harness.latestRun)
        let ledger = try harness.openLedger()
        let pending = try ledger.items(in: .pending).map(\.ref)
        #expect(pending.count > 20)
        let finish = "qbsync run --run \(run)"

        let status = await harness.qbsyncOutput("status")
        #expect(status.out.contains(finish), "\(status.out)")
        let transform = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transform.code == 2)
        #expect(transform.err.contains(finish), "\(transform.err)")
        let sale = try #require(pending.first { $0.hasPrefix("sale:") })
        let retry = await harness.qbsyncOutput("retry", sale)
        #expect(retry.code == 2)
        #expect(retry.err.contains(finish), "\(retry.err)")
        let nightly = await harness.qbsyncOutput("run")
        #expect(nightly.out.contains(finish), "\(nightly.out)")

        let finished = await harness.qbsyncOutput("run", "--run", run)
        #expect(finished.code == 0, "\(finished.err)")
        try expectAllSynced(harness, pending)
        #expect(!(await harness.qbsyncOutput("status")).out.contains(finish))
    }

    @Test func anExtractKilledBeforeItsLedgerCommitLeavesNothingPendingAndTheNextTakesItAll() async throws {
        let harness = try PipelineHarness()
        await #expect(throws: SimulatedExtractCrash.self) { _ = try await harness.extract(crashPoints: .crash(at: .afterManifest)) }
        let ledger = try harness.openLedger()
        #expect(try ledger.runs().isEmpty && ledger.cursor() == 0, "the cursor moved without the run")
        let leftBehind = harness.runID
        let transform = await harness.qbsyncOutput("transform", "--run", leftBehind)
        #expect(transform.code == 2, "a folder whose extract never committed is not a run")
        #expect(transform.err.contains("qbsync run"), "\(transform.err)")

        #expect(await harness.qbsync("run") == 0)
        let run = try #require(try ledger.latestRun())
        #expect(run.id != leftBehind)
        try expectAllSynced(harness, try ledger.items(in: .synced).map(\.ref))
    }
}
