import QBSyncJSON

extension SyncPipeline {
    /// Takes the existing run `id` through every stage it has not finished, in order: the
    /// extract again when it did not finish or its folder is gone (the run's own window and
    /// items, from the ledger), then transform, load and reconcile. What `status` and the
    /// refusing commands name for a run that would otherwise never finish.
    public func finish(_ id: String) async throws -> PipelineOutcome {
        _ = try ledger.run(id)
        let folder = RunFolder(workspace: settings.workspace, id: id)
        var summary: [String: JSONValue] = ["run": .string(id), "folder": .string(folder.url.path)]
        let stop = try UnfinishedRun.stopped(folder, settings: settings)
        let pending = try ledger.pendingCountsByRun()[id] ?? 0
        if stop == nil && pending == 0 {
            summary["finished"] = true
            return PipelineOutcome(code: 0, summary: summary, lines: ["run \(id) is finished: every stage is done and nothing waits in it"])
        }
        let unfinished = UnfinishedRun(id: id, pending: pending, stop: stop ?? .reconcile)
        summary["stopped_at"] = .string(unfinished.stop.rawValue)
        var lines = ["run \(id): \(pending) item(s) wait in it; \(stop == nil ? "its items are not all synced" : unfinished.why): finishing it"]
        if stop == .folderMissing || stop == .extract {
            let extract = try progress.during("extract") { try self.extract(existingRun: id) }
            let records = extract.counts.values.reduce(0, +)
            summary["extracted"] = .int(records)
            lines.append("run \(id): extracted again (changes \(extract.run.cursorFrom + 1)...\(extract.run.cursorTo)): \(records) record(s)")
        }
        var batches = 0
        if try folder.manifest(pipeline: settings.name).stages[.transform]?.status != .done {
            let handEntered = await HandEnteredBooks.read(settings: settings, logger: logger)
            let transform = try progress.during("transform") { try self.transform(id, handEntered: handEntered) }
            batches = transform.batches
            summary["operations"] = .int(transform.operations)
            summary["transform_failures"] = .int(transform.failures.count)
            lines.append(
                "run \(id): \(transform.operations) operation(s) in \(transform.batches) batch(es); \(transform.failures.count) record(s) could not be mapped")
            if settings.requireApproval {
                summary["stopped"] = "approval required"
                lines += [
                    "stopped: the pipeline requires approval before load",
                    "review: qbsync review --run \(id); then qbsync approve --run \(id) --by NAME && qbsync run --run \(id)",
                ]
                return PipelineOutcome(code: PipelineOutcome.code(done: transform.failures.isEmpty), summary: summary, lines: lines)
            }
        }
        let reconcile = try await loadAndReconcile(id, folder: folder, batches: batches, summary: &summary, lines: &lines)
        lines.append("files: \(folder.url.path)")
        return PipelineOutcome(
            code: PipelineOutcome.code(done: reconcile.failed == 0 && reconcile.pending == 0), summary: summary, lines: lines)
    }
}
