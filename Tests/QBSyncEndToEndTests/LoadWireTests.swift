import Foundation
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// What goes over the wire during a load: every write the sandbox receives is one the journal
/// recorded (no HTTP library resends one behind the load's back), and a load restarted after a
/// crash paces itself with the dead process's requests still counted, as QuickBooks counts them.
struct LoadWireTests {
    /// How many times the journal of `run` recorded sending each `requestid`.
    static func journaledSends(_ harness: PipelineHarness, run: String) throws -> [String: Int] {
        let url = harness.workspace.appendingPathComponent("runs/\(run)/3-load/journal.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        var sends: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let event = try JSONParser.parse(String(line))
            guard event["event"]?.stringValue == "intent", let request = event["request_id"]?.stringValue else { continue }
            sends[request, default: 0] += 1
        }
        return sends
    }

    @Test func aConnectionResetAfterQuickBooksAppliedABatchIsNeverSentAgainBehindTheJournal() async throws {
        // Every third write is applied, then its connection is reset before a byte of the answer:
        // the case where libcurl quietly sends the request again, without its body.
        let harness = try LoadCrashTests.clinic.harness(pipelineExtra: LoadFaultTests.pipeline) { sandbox, _ in
            sandbox.faults.dropAfterApplyEvery = 3
        }
        let run = try await harness.prepareRun()
        let load = await harness.qbsyncOutput("load", "--run", run)
        let clean = try await CleanLoads.shared.of(LoadCrashTests.clinic, pipelineExtra: LoadFaultTests.pipeline)
        #expect(load.code == 0, "\(load.err)")
        #expect(harness.sandbox.statistics.injectedDrops > 0)

        let journaled = try Self.journaledSends(harness, run: run)
        let received = harness.sandbox.requestsReceivedByRequestID
        #expect(!journaled.isEmpty)
        #expect(received == journaled, "requests the sandbox received per requestid vs the journal's intents")

        #expect(await harness.qbsync("reconcile", "--run", run) == clean.reconcileCode)
        let books = BooksSnapshot(harness.sandbox)
        #expect(books.duplicateInvoices.isEmpty)
        #expect(books == clean.books, "\(books) vs a clean load's \(clean.books)")
    }

    @Test func aLoadRestartedAfterACrashIsNotThrottledForTheRequestsTheDeadProcessSent() async throws {
        // A sandbox that counts three batches a (shortened) minute and remembers them across the
        // crash, as QuickBooks does; the load paced to the same minute.
        let minute = 8.0
        let harness = try LoadCrashTests.clinic.harness(pipelineExtra: "[quickbooks]\nbatch_requests_per_minute = 3\n") { sandbox, _ in
            sandbox.limits = SandboxLimits()
            sandbox.limits.minuteSeconds = minute
            sandbox.limits.batchRequestsPerMinute = 3
        }
        let limits = RequestPacer.Limits(batchRequestsPerMinute: 3, margin: 0.25 * minute / 60, minute: minute)
        let run = try await harness.prepareRun()
        #expect(try harness.batches(run).count > 3, "enough batches to go past one minute's allowance")

        // The first load uses up the minute's three batches and dies right after the third.
        await #expect(throws: SimulatedLoadCrash.self) {
            try await harness.load(run, crashPoints: .crash(at: .afterBatch, occurrence: 3), limits: limits)
        }
        #expect(harness.sandbox.statistics.throttledByLimits == 0)

        // Restarted at once, it waits for the dead process's batches to age out instead of meeting a 429.
        let result = try await harness.load(run, crashPoints: .none, limits: limits)
        #expect(result.failed == 0)
        #expect(harness.sandbox.statistics.throttledByLimits == 0, "QuickBooks throttled the restarted load")

        // The books are a clean load's (pacing changes when batches go, not what they hold).
        let clean = try await CleanLoads.shared.of(LoadCrashTests.clinic, pipelineExtra: "")
        #expect(BooksSnapshot(harness.sandbox) == clean.books)
    }
}
