import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON
import Testing

/// A QuickBooks connection that drops at the n-th batch carrying invoices, as a network does:
/// what went before is in QuickBooks, the rest is not.
final class DroppingQuickBooks: QuickBooksAPI, @unchecked Sendable {
    let live: QuickBooksAPI
    let dropAt: Int
    private let lock = NSLock()
    private var invoiceBatches = 0

    init(live: QuickBooksAPI, dropAt: Int) {
        self.live = live
        self.dropAt = dropAt
    }

    func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange {
        if body["BatchItemRequest"]?.arrayValue?.contains(where: { $0["Invoice"] != nil }) == true {
            let count = lock.withLock {
                invoiceBatches += 1
                return invoiceBatches
            }
            if count >= dropAt { throw QuickBooksAPIFailure.gaveUp("test: the connection dropped") }
        }
        return try await live.batch(body, requestID: requestID)
    }

    func query(_ statement: String) async throws -> [JSONValue] { try await live.query(statement) }
}

/// Re-running one stage after a fix, as `make transform RUN=...` does.
struct ReRunStageTests {
    @Test func aLoadAfterTransformIsRunAgainPostsOnlyWhatWasNotYetPosted() async throws {
        let harness = try PipelineHarness(patients: 30, seed: 54, pipelineExtra: "[quickbooks]\nbatch_size = 5")
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.runID
        let transformed = await harness.qbsync("transform", "--run", run)
        #expect(transformed == 0 || transformed == 1)

        let planned = try harness.batchDocuments().count
        #expect(planned > 10)

        // The first load loses the connection after one batch of invoices.
        let settings = try harness.settings()
        let ledger = try harness.openLedger()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let api = DroppingQuickBooks(live: try LiveQuickBooks.api(settings: settings, logger: logger), dropAt: 2)
        await #expect(throws: LoadError.self) {
            _ = try await Loader(settings: settings, ledger: ledger, api: api, logger: logger).run(runID: run)
        }
        let postedFirst = harness.sandbox.objects("Invoice").count
        #expect(postedFirst == 5)

        // The transform again: later stages go stale, and the review knows what QuickBooks has.
        let again = await harness.qbsync("transform", "--run", run)
        #expect(again == 0 || again == 1)
        let manifest = try RunManifest(json: try FileStore.readJSON(harness.runFile("manifest.json")))
        #expect(manifest.stages[.load]?.status == .stale)
        let review = try RunReview(runID: run, settings: settings, ledger: ledger).review()
        // What the first load posted is in QuickBooks exactly as planned: not planned again.
        #expect(try harness.batchDocuments().count == planned - postedFirst)
        #expect(!review.failures.contains { $0.code == "edit-after-sync" }, "a sale this run posted counts as edited")

        let load = await harness.qbsync("load", "--run", run)
        #expect(load == 0 || load == 1)
        _ = await harness.qbsync("reconcile", "--run", run)

        // Every open sale once, to the cent; no sale failed; QuickBooks holds what the ledger holds.
        let oracle = PipelineEndToEndTests()
        let expected = try oracle.omsSaleTotals(harness)
        let posted = oracle.liveInvoiceTotals(harness)
        #expect(!expected.isEmpty)
        for (sale, cents) in expected { #expect(posted[sale]?.cents == cents, "sale:\(sale)") }
        let failedSales = try ledger.items(in: .failed).filter { $0.ref.hasPrefix("sale:") }
        #expect(failedSales.isEmpty, "\(failedSales.map { $0.message ?? $0.ref })")
        let invoiceKeys = try ledger.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects WHERE qbo_type = 'Invoice'") ?? 0
        }
        #expect(harness.sandbox.objects("Invoice").count == invoiceKeys)
    }
}
