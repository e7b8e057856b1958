import QBSyncCore

extension CommandContext {
    /// Runs `body` on the pipeline with its load wired for the edition: QuickBooks Online
    /// directly; on a desktop pipeline through the Web Connector, either handed to the `qbsync
    /// webconnector` that serves this workspace (its process loads, this one waits) or through
    /// the endpoint served here meanwhile. `run` is the run the load is about when it is known
    /// already; `label` names it otherwise in a refusal ("(tonight's new run)"). Waiting longer
    /// than `wait` seconds for QuickBooks ends in exit code 3, naming the run.
    func withLoad<T>(
        run: String?, label: String, wait: Int, progress: any PipelineProgress = SilentProgress(),
        _ body: (SyncPipeline) async throws -> T
    ) async throws -> T {
        guard settings.quickbooks.edition == .desktop else { return try await body(pipeline(progress: progress)) }
        do {
            if let server = try WebConnectorServingLock.holder(in: ledger) {
                var handed = pipeline(progress: progress)
                handed.handedLoad = { [self] run in
                    _ = try await DesktopHandover(context: self, run: run, waitSeconds: wait, server: server).load(takeOverLock: false)
                    return try LoadResult(loadedIn: try runFolder(run), pipeline: settings.name)
                }
                return try await body(handed)
            }
            var session = DesktopLoadSession(context: self, run: run ?? label, waitSeconds: wait)
            session.progress = progress
            return try await session.serve(answers: settings.workspace.appendingPathComponent("webconnector-answers"), body)
        } catch var waiting as DesktopLoadWaiting {
            waiting.run = run ?? latestRunID ?? waiting.run
            throw waiting
        }
    }
}
