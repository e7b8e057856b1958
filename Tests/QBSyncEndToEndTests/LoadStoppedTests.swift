import Foundation
import Logging
import QBSyncCore
import QBSyncJSON
import Testing

/// A QuickBooks whose n-th batch answer cannot be read: the client's own (fatal) error, not one
/// of the load's dispositions.
final class GarbledQuickBooks: QuickBooksAPI, @unchecked Sendable {
    let live: QuickBooksAPI
    let garbleAt: Int
    private let lock = NSLock()
    private var batches = 0

    init(live: QuickBooksAPI, garbleAt: Int) {
        self.live = live
        self.garbleAt = garbleAt
    }

    func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange {
        let count = lock.withLock {
            batches += 1
            return batches
        }
        if count == garbleAt {
            throw QBOClientError.invalidResponse(operation: "batch", status: 200, reason: "the body is not JSON", intuitTID: nil)
        }
        return try await live.batch(body, requestID: requestID)
    }

    func query(_ statement: String) async throws -> [JSONValue] { try await live.query(statement) }
}

/// Whatever stops a load partway, the message names the run and the command that goes on with it.
struct LoadStoppedTests {
    @Test func aLoadStoppedByAnUnreadableAnswerNamesItsRunAndGoesOnWhenRunAgain() async throws {
        let harness = try PipelineHarness(patients: 12, seed: 61, pipelineExtra: "[quickbooks]\nbatch_size = 5")
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.runID
        let transformed = await harness.qbsync("transform", "--run", run)
        #expect(transformed == 0 || transformed == 1)

        let settings = try harness.settings()
        let ledger = try harness.openLedger()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let api = GarbledQuickBooks(live: try LiveQuickBooks.api(settings: settings, logger: logger), garbleAt: 3)
        var stopped: Error?
        do {
            _ = try await Loader(settings: settings, ledger: ledger, api: api, logger: logger).run(runID: run)
        } catch {
            stopped = error
        }
        let error = try #require(stopped as? LoadError, "the load stopped with \(String(describing: stopped))")
        #expect(error.run == run)
        #expect(error.exitStatus == .itemsFailed)
        let message = error.errorDescription ?? ""
        #expect(message.contains("'qbsync load --run \(run)'"), "\(message)")
        #expect(message.contains("the body is not JSON"), "\(message)")
        #expect(!message.contains("--run ID") && !message.contains("<id>"))
        let manifest = try RunManifest(json: try FileStore.readJSON(harness.runFile("manifest.json")))
        #expect(manifest.stages[.load]?.status == .partial)

        // Run again, as the message says: every planned document once.
        let again = await harness.qbsync("load", "--run", run)
        #expect(again == 0 || again == 1)
        let planned = try harness.batchDocuments().count
        #expect(planned > 0)
        #expect(harness.sandbox.objects("Invoice").count == planned)
    }
}
