import Foundation
import Logging
import QBSyncCore
import QBSyncJSON
import Testing

/// The orchestration in the core, called as the commands call it, with the QuickBooks it is given.
struct SyncPipelineTests {
    @Test func aNightlyStoppedPartwayNamesTheRunItMadeAndTheNextNightlyFinishesItFirst() async throws {
        let harness = try PipelineHarness(patients: 12, seed: 73, pipelineExtra: "[quickbooks]\nbatch_size = 5")
        let settings = try harness.settings()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var pipeline = SyncPipeline(settings: settings, ledger: try harness.openLedger(), logger: logger, actor: "e2e-test")
        pipeline.books = { settings, logger in
            OnlineEdition(api: GarbledQuickBooks(live: try LiveQuickBooks.api(settings: settings, logger: logger), garbleAt: 4))
        }
        var stopped: Error?
        do {
            _ = try await pipeline.run()
        } catch {
            stopped = error
        }
        // The run the nightly made: the person learns its id only from the message.
        let first = harness.latestRun.lastPathComponent
        let error = try #require(stopped as? LoadError, "the nightly stopped with \(String(describing: stopped))")
        #expect(error.run == first)
        #expect(error.errorDescription?.contains("'qbsync load --run \(first)'") == true, "\(error.errorDescription ?? "")")
        let planned = try harness.batchDocuments().count
        #expect(planned > 0)
        #expect(harness.sandbox.objects("Invoice").count < planned)

        // The next nightly, with QuickBooks answering again, finishes that load before anything new.
        pipeline.books = { settings, logger in OnlineEdition(api: try LiveQuickBooks.api(settings: settings, logger: logger)) }
        let outcome = try await pipeline.run()
        #expect(outcome.summary["finished_earlier"] == [.string(first)])
        #expect(outcome.lines.first == "finished the load of run \(first), which an earlier run left unfinished")
        #expect(outcome.summary["run"]?.stringValue != first)
        #expect(harness.sandbox.objects("Invoice").count == planned)
        let states = try harness.ledgerStates()
        #expect(states.values.allSatisfy { $0 == "synced" }, "\(states.filter { $0.value != "synced" })")
        #expect(outcome.code == 0)
    }
}
