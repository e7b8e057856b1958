import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// A load against a QuickBooks that throttles, fails, loses answers after applying them, forgets
/// requestids and expires its tokens still posts every document once, and pacing keeps a normal
/// load from ever being throttled.
struct LoadFaultTests {
    static let seed: UInt64 = 11
    static let pipeline = "[quickbooks]\nbatch_size = 5\n"

    @Test func aRunWithThrottlingFailuresDroppedAnswersAndExpiringTokensPostsEveryDocumentOnce() async throws {
        let harness = try PipelineHarness(seed: Self.seed, pipelineExtra: Self.pipeline) { sandbox in
            sandbox.faults.throttleEvery = 7
            sandbox.faults.throttleBurst = 2
            sandbox.faults.throttleRetryAfter = 0
            sandbox.faults.failBeforeApplyEvery = 5
            sandbox.faults.dropAfterApplyEvery = 4
            sandbox.faults.expireTokensEvery = 6
            sandbox.faults.ignoreRequestIDs = true
        }
        #expect(await harness.qbsync("run") == 1, "payments are not posted yet: the run reports them failed")

        let stats = harness.sandbox.statistics
        #expect(stats.injectedThrottles > 0 && stats.injectedFailures > 0 && stats.injectedDrops > 0 && stats.injectedExpiries > 0)
        let clean = try await CleanLoads.shared.of(seed: Self.seed, pipelineExtra: Self.pipeline)
        let books = BooksSnapshot(harness.sandbox)
        #expect(books.duplicateInvoices.isEmpty)
        #expect(books == clean.books, "\(books) vs a clean load's \(clean.books)")
        #expect(try harness.ledgerStates() == clean.states)

        // The last rotated refresh token was kept: a new process logs in with it.
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("load", "--run", run) == 0)
        #expect(BooksSnapshot(harness.sandbox) == books, "loading a finished run again posts nothing")
    }

    @Test func aLoadAtQuickBooksLimitsIsNeverThrottled() async throws {
        let harness = try PipelineHarness(seed: Self.seed, pipelineExtra: Self.pipeline)
        #expect(await harness.qbsync("run") == 1)
        let stats = harness.sandbox.statistics
        #expect(stats.writes > 10)
        #expect(stats.throttledByLimits == 0)
    }
}

/// `qbsync bench-load` runs end to end (its figures are for people; nothing here times it).
struct BenchLoadSmokeTests {
    @Test func theLoadBenchmarkRunsOnASmallClinic() async {
        let code = await QBSyncCommands.QBSync.run(
            arguments: ["bench-load", "--patients", "15", "--days", "10", "--minute-seconds", "2"], environment: [:])
        #expect(code == 0)
    }
}
