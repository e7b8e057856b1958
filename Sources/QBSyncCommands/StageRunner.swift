import Foundation
import QBSyncCore

/// Builds each stage from a command's context, so `run` and the single-stage commands share one
/// way of wiring the core.
struct StageRunner {
    let context: CommandContext

    func extract(existingRun: String? = nil, only: [OMSRef]? = nil) throws -> ExtractResult {
        let oms = try OMSDatabase(settings: context.settings)
        return try Extractor(settings: context.settings, ledger: context.ledger, oms: oms, actor: context.actor, logger: context.logger)
            .run(existingRun: existingRun, only: only)
    }

    func transform(_ run: String) throws -> TransformResult {
        try Transformer(settings: context.settings, ledger: context.ledger, logger: context.logger).run(runID: run)
    }

    /// Posts to QuickBooks: only the people in `[sync] operators` may (exit code 3 for others).
    func load(_ run: String, takeOverLock: Bool = false) async throws -> LoadResult {
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
