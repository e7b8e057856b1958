import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON

/// Running the load stage in-process with a test's crash points, and reading what the books and
/// the ledger hold afterwards.
extension PipelineHarness {
    /// Extracts and transforms a new run; returns its id.
    func prepareRun() async throws -> String {
        let extract = await qbsync("extract")
        guard extract == 0 else { throw HarnessError("extract exited \(extract)") }
        let run = latestRun.lastPathComponent
        let transform = await qbsync("transform", "--run", run)
        guard transform == 0 || transform == 1 else { throw HarnessError("transform exited \(transform)") }
        return run
    }

    /// Runs the load of `run` as `qbsync load` would, stopping where `crashPoints` says, paced
    /// to `limits` (the pipeline's when nil; a test whose sandbox has a shortened minute passes
    /// the same minute).
    func load(_ run: String, crashPoints: LoadCrashPoints, limits: RequestPacer.Limits? = nil) async throws -> LoadResult {
        let settings = try settings()
        var logger = Logger(label: "qbsync-test")
        logger.logLevel = .critical
        let api = try LiveQuickBooks.api(settings: settings, logger: logger, limits: limits)
        var loader = Loader(settings: settings, ledger: try openLedger(), api: api, logger: logger, actor: "e2e-test")
        loader.crashPoints = crashPoints
        return try await loader.run(runID: run)
    }

    /// Each OMS item's state in the ledger.
    func ledgerStates() throws -> [String: String] {
        try openLedger().read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT ref, state FROM items").map { ($0["ref"] as String, $0["state"] as String) })
        }
    }

    /// The batch files of a run's plan, with their wave numbers.
    func batches(_ run: String) throws -> [(file: String, wave: Int)] {
        let plan = try FileStore.readJSON(workspace.appendingPathComponent("runs/\(run)/2-transform/plan.json"))
        return (plan["batches"]?.arrayValue ?? []).compactMap { batch in
            guard let file = batch["file"]?.stringValue, let wave = batch["wave"]?.intValue else { return nil }
            return (file, wave)
        }
    }
}

/// A step of a test's setup failed.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
