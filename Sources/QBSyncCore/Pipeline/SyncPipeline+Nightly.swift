import QBSyncJSON

extension SyncPipeline {
    /// `qbsync run`: the nightly, or with `existing` that run finished (`finish(_:)`), holding
    /// the workspace for all of it: a second run, extract or retry --now meanwhile is refused
    /// (exit code 3) instead of taking the same changes into the same folder. A run that loads
    /// is refused before it takes anything from the OMS when the acting person may not load
    /// (exit code 3) or a QuickBooks connection setting is missing (exit code 2).
    public func run(finishing existing: String? = nil, takeOverLock: Bool = false) async throws -> PipelineOutcome {
        if !settings.requireApproval {
            try Operators.authorize(actor, to: "run", in: settings)
            // Online's connection settings are checked up front; a desktop pipeline has none (its
            // Web Connector settings are checked by the command that serves the endpoint).
            if settings.quickbooks.edition == .online { _ = try books(settings, logger) }
        }
        let lock = try WorkspaceLock.acquire(
            ledger: ledger, command: existing.map { "qbsync run --run \($0)" } ?? "qbsync run", run: existing, user: actor,
            logger: logger, takeOver: takeOverLock)
        var locked = self
        locked.workspaceLock = lock
        do {
            let outcome: PipelineOutcome
            if let existing {
                outcome = try await locked.finish(existing)
            } else {
                outcome = try await locked.nightly()
            }
            try lock.release()
            return outcome
        } catch {
            try? lock.release()
            throw error
        }
    }

    /// The nightly: finishes the loads earlier runs left unfinished (from their own journals,
    /// so nothing of them is planned twice), then extracts, transforms, reviews, and, unless the
    /// pipeline requires approval, loads and reconciles the new run. The caller holds the
    /// workspace lock (`workspaceLock`) for all of it.
    public func nightly() async throws -> PipelineOutcome {
        var finishedEarlier: [String] = []
        if !settings.requireApproval {
            for earlier in try UnfinishedLoads.runs(settings: settings) {
                _ = try await load(earlier)
                _ = try reconcile(earlier)
                finishedEarlier.append(earlier)
            }
        }
        // Runs left between stages are not taken again by this one: named with the command
        // that finishes each (one waiting for approval is not left, it waits).
        let unfinished = try UnfinishedRun.all(settings: settings, ledger: ledger).filter { $0.stop != .approval }
        let extract = try progress.during("extract") { try self.extract() }
        let run = extract.run.id
        let folder = RunFolder(workspace: settings.workspace, id: run)
        let handEntered = await HandEnteredBooks.read(settings: settings, logger: logger)
        let transform = try progress.during("transform") { try self.transform(run, handEntered: handEntered) }
        let review = try progress.during("review") {
            try RunReview(runID: run, settings: settings, ledger: ledger).result().review(documentLimit: 0, warningsPerCode: 0)
        }
        var summary: [String: JSONValue] = [
            "run": .string(run), "folder": .string(folder.url.path),
            "extracted": .int(extract.counts.values.reduce(0, +)), "operations": .int(transform.operations),
            "batches": .int(transform.batches), "transform_failures": .int(transform.failures.count),
            "documents": .array(review.byKind.map(\.json)), "warnings": .int(review.warningCount),
            "review": .string(folder.file(.transform, "review.html").path),
        ]
        if !finishedEarlier.isEmpty { summary["finished_earlier"] = .array(finishedEarlier.map(JSONValue.string)) }
        if !unfinished.isEmpty { summary["unfinished_runs"] = .array(unfinished.map(\.json)) }
        let unfinishedLines = unfinished.map { "unfinished: \($0.line)" }
        var lines = finishedEarlier.map { "finished the load of run \($0), which an earlier run left unfinished" }
        lines += [
            "run \(run): \(extract.counts.values.reduce(0, +)) record(s) extracted; \(transform.operations) operation(s) in \(transform.batches) batch(es); \(transform.failures.count) record(s) could not be mapped\(transform.leftOut.isEmpty ? "" : "; \(transform.leftOut.count) dated before the cutover left out")",
            "documents: \(review.headline)",
        ]
        if settings.requireApproval {
            summary["stopped"] = "approval required"
            lines += [
                "stopped: the pipeline requires approval before load",
                "review: \(folder.file(.transform, "review.html").path) (or 'qbsync review --run \(run)')",
                "then: qbsync approve --run \(run) --by NAME && qbsync load --run \(run) && qbsync reconcile --run \(run)",
            ]
            return PipelineOutcome(
                code: PipelineOutcome.code(done: transform.failures.isEmpty && unfinished.isEmpty), summary: summary,
                lines: lines + unfinishedLines)
        }
        let reconcile = try await loadAndReconcile(run, folder: folder, batches: transform.batches, summary: &summary, lines: &lines)
        lines.append("files: \(folder.url.path) (2-transform/review.html, 3-load/results.json, 4-reconcile/summary.json)")
        return PipelineOutcome(
            code: PipelineOutcome.code(done: reconcile.failed == 0 && reconcile.pending == 0 && unfinished.isEmpty), summary: summary,
            lines: lines + unfinishedLines)
    }
}
