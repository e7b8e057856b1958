import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync run --run ID`: takes an existing run through every stage it has not finished, in
/// order: the extract again when it did not finish or its folder is gone (the run's own
/// window and items, from the ledger), then transform, load and reconcile. What `status` and
/// the refusing commands name for a run that would otherwise never finish.
struct RunFinish {
    let context: CommandContext
    let stages: StageRunner
    let progress: StageProgress

    /// Finishes `id`; returns the exit code and the summary (lines for a person, JSON).
    func finish(_ id: String) async throws -> (code: Int32, summary: [String: JSONValue], lines: [String]) {
        _ = try context.ledger.run(id)
        let folder = RunFolder(workspace: context.settings.workspace, id: id)
        var summary: [String: JSONValue] = ["run": .string(id), "folder": .string(folder.url.path)]
        let stop = try UnfinishedRun.stopped(folder, settings: context.settings)
        let pending = try context.ledger.pendingCountsByRun()[id] ?? 0
        if stop == nil && pending == 0 {
            summary["finished"] = true
            return (0, summary, ["run \(id) is finished: every stage is done and nothing waits in it"])
        }
        let unfinished = UnfinishedRun(id: id, pending: pending, stop: stop ?? .reconcile)
        summary["stopped_at"] = .string(unfinished.stop.rawValue)
        var lines = ["run \(id): \(pending) item(s) wait in it; \(stop == nil ? "its items are not all synced" : unfinished.why): finishing it"]
        if stop == .folderMissing || stop == .extract {
            let extract = try progress.during("extract") { try stages.extract(existingRun: id) }
            let records = extract.counts.values.reduce(0, +)
            summary["extracted"] = .int(records)
            lines.append("run \(id): extracted again (changes \(extract.run.cursorFrom + 1)...\(extract.run.cursorTo)): \(records) record(s)")
        }
        var batches = 0
        if try folder.manifest(pipeline: context.settings.name).stages[.transform]?.status != .done {
            let transform = try progress.during("transform") { try stages.transform(id) }
            batches = transform.batches
            summary["operations"] = .int(transform.operations)
            summary["transform_failures"] = .int(transform.failures.count)
            lines.append(
                "run \(id): \(transform.operations) operation(s) in \(transform.batches) batch(es); \(transform.failures.count) record(s) could not be mapped")
            if context.settings.requireApproval {
                summary["stopped"] = "approval required"
                lines += [
                    "stopped: the pipeline requires approval before load",
                    "review: qbsync review --run \(id); then qbsync approve --run \(id) --by NAME && qbsync run --run \(id)",
                ]
                return (transform.failures.isEmpty ? 0 : 1, summary, lines)
            }
        }
        let reconcile = try await stages.loadAndReconcile(
            id, folder: folder, batches: batches, progress: progress, summary: &summary, lines: &lines)
        lines.append("files: \(folder.url.path)")
        return (reconcile.failed == 0 && reconcile.pending == 0 ? 0 : 1, summary, lines)
    }
}
