import QBSyncCore
import QBSyncJSON

extension StageRunner {
    /// The tail of `qbsync run` and `qbsync run --run ID`: loads and reconciles `run`, adding the
    /// requests and outcomes to the run's summary, and to its lines the count, the first failures
    /// with their reasons and what to run for the rest.
    func loadAndReconcile(
        _ run: String, folder: RunFolder, batches: Int, progress: StageProgress,
        summary: inout [String: JSONValue], lines: inout [String]
    ) async throws -> ReconcileResult {
        let load = try await progress.duringLoad(folder, batches: batches) { try await self.load(run) }
        let reconcile = try progress.during("reconcile") { try self.reconcile(run) }
        summary["requests"] = .int(load.sent)
        summary["synced"] = .int(reconcile.synced)
        summary["failed"] = .int(reconcile.failed)
        summary["pending"] = .int(reconcile.pending)
        lines.append(
            "loaded: \(reconcile.synced) synced, \(reconcile.failed) failed, \(reconcile.pending) pending (\(load.sent) request(s) to QuickBooks)")
        let failures = reconcile.outcomes.filter { $0.state == .failed }
        for outcome in failures.prefix(10) { lines.append("  failed \(outcome.message ?? outcome.ref)") }
        if failures.count > 10 { lines.append("  ... and \(failures.count - 10) more: 'qbsync status' lists them all") }
        return reconcile
    }
}
