import Foundation
import QBSyncCore

/// Builds each stage from a command's context, so `run` and the single-stage commands share one
/// way of wiring the core.
struct StageRunner {
    let context: CommandContext
    /// The workspace lock when the command holds it for all its stages (`qbsync run`); else
    /// the extract takes it for itself.
    var workspaceLock: WorkspaceLock?

    /// Extracts; `command` is what a refused extract tells the person to run again.
    func extract(existingRun: String? = nil, only: [OMSRef]? = nil, command: String = "qbsync extract", takeOverLock: Bool = false)
        throws -> ExtractResult
    {
        let oms = try OMSDatabase(settings: context.settings)
        var extractor = Extractor(
            settings: context.settings, ledger: context.ledger, oms: oms, actor: context.actor, logger: context.logger)
        extractor.workspaceLock = workspaceLock
        extractor.command = command
        extractor.takeOverLock = takeOverLock
        return try extractor.run(existingRun: existingRun, only: only)
    }

    func transform(_ run: String) throws -> TransformResult {
        try Transformer(settings: context.settings, ledger: context.ledger, logger: context.logger).run(runID: run)
    }

    /// Posts to QuickBooks: only the people in `[sync] operators` may (exit code 3 for others).
    func load(_ run: String, takeOverLock: Bool = false) async throws -> LoadResult {
        // Refused before anything is read or sent: the Web Connector side is not in this build.
        if context.settings.quickbooks.edition == .desktop { throw DesktopLoadUnavailable(run: run, pipeline: context.settings.path) }
        try Operators.authorize(context.actor, to: "load", in: context.settings)
        let api = try LiveQuickBooks.api(settings: context.settings, logger: context.logger)
        var loader = Loader(settings: context.settings, ledger: context.ledger, api: api, logger: context.logger, actor: context.actor)
        loader.takeOverLock = takeOverLock
        return try await loader.run(runID: run)
    }

    func reconcile(_ run: String) throws -> ReconcileResult {
        try Reconciler(settings: context.settings, ledger: context.ledger, actor: context.actor, logger: context.logger).run(runID: run)
    }
}
