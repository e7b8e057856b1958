import QBSyncCore
import QBSyncJSON

extension CommandContext {
    /// The core pipeline over this command's settings, ledger, logger and acting person.
    func pipeline(workspaceLock: WorkspaceLock? = nil, progress: any PipelineProgress = SilentProgress()) -> SyncPipeline {
        var pipeline = SyncPipeline(settings: settings, ledger: ledger, logger: logger, actor: actor)
        pipeline.workspaceLock = workspaceLock
        pipeline.progress = progress
        return pipeline
    }

    /// Prints what a pipeline run ended with: its summary under `--json`, else its lines.
    func render(_ outcome: PipelineOutcome, json: Bool) {
        if json {
            write(JSONWriter.pretty(.object(outcome.summary)), terminator: "")
        } else {
            outcome.lines.forEach { write($0) }
        }
    }
}
