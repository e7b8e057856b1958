import Foundation
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// A load against a QuickBooks that throttles, fails, loses answers after applying them, forgets
/// requestids and expires its tokens still posts every document once. (Whether pacing keeps a
/// load under QuickBooks's limits is timing: `make bench-load` measures it, no test does.)
struct LoadFaultTests {
    static let pipeline = "[quickbooks]\nbatch_size = 5\n"

    @Test func aRunWithThrottlingFailuresDroppedAnswersAndExpiringTokensPostsEveryDocumentOnce() async throws {
        let harness = try LoadCrashTests.clinic.harness(pipelineExtra: Self.pipeline) { sandbox, _ in
            sandbox.faults.throttleEvery = 7
            sandbox.faults.throttleBurst = 2
            sandbox.faults.throttleRetryAfter = 0
            sandbox.faults.failBeforeApplyEvery = 5
            sandbox.faults.dropAfterApplyEvery = 4
            sandbox.faults.expireTokensEvery = 6
            sandbox.faults.ignoreRequestIDs = true
        }
        let clean = try await CleanLoads.shared.of(LoadCrashTests.clinic, pipelineExtra: Self.pipeline)
        #expect(await harness.qbsync("run") == clean.reconcileCode, "the run ends as a clean one does")

        let stats = harness.sandbox.statistics
        #expect(stats.injectedThrottles > 0 && stats.injectedFailures > 0 && stats.injectedDrops > 0 && stats.injectedExpiries > 0)
        let books = BooksSnapshot(harness.sandbox)
        #expect(books.duplicateInvoices.isEmpty)
        #expect(books == clean.books, "\(books) vs a clean load's \(clean.books)")
        #expect(try harness.ledgerStates() == clean.states)

        // The last rotated refresh token was kept: a new process logs in with it.
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("load", "--run", run) == 0)
        #expect(BooksSnapshot(harness.sandbox) == books, "loading a finished run again posts nothing")
    }
}

/// A throttle is waited out, however long it lasts: it never ends a load with exit 1.
struct LoadThrottleTests {
    @Test func aBatchThrottledMoreOftenThanTheClientRetriesIsSentUntilTakenAndTheLoadFinishes() async throws {
        // Six refusals in a row every 12 requests: more than the client's five attempts.
        let harness = try LoadCrashTests.clinic.harness(pipelineExtra: LoadFaultTests.pipeline) { sandbox, _ in
            sandbox.faults.throttleEvery = 12
            sandbox.faults.throttleBurst = 6
            sandbox.faults.throttleRetryAfter = 0
        }
        let run = try await harness.prepareRun()
        let load = await harness.qbsyncOutput("load", "--run", run)
        #expect(load.code == 0, "\(load.err)")
        #expect(harness.sandbox.statistics.injectedThrottles >= 6)
        let clean = try await CleanLoads.shared.of(LoadCrashTests.clinic, pipelineExtra: LoadFaultTests.pipeline)
        #expect(await harness.qbsync("reconcile", "--run", run) == clean.reconcileCode)
        #expect(BooksSnapshot(harness.sandbox) == clean.books)
        #expect(try harness.ledgerStates() == clean.states)
    }
}

/// `qbsync bench-load` runs end to end (its figures are for people; nothing here times it).
struct BenchLoadSmokeTests {
    @Test func theLoadBenchmarkRunsOnASmallClinic() async {
        let code = await QBSyncCommands.QBSync.run(
            arguments: ["bench-load", "--patients", "15", "--days", "10", "--minute-seconds", "2", "--busy-cores", "1"],
            environment: [:])
        #expect(code == 0)
    }
}
