import Foundation
import Logging
import QBSyncJSON

/// The pipeline in one place: each stage wired from the pipeline's settings and ledger, and the
/// ways they are run together: the nightly (`nightly()`), a run taken through what it has not
/// finished (`finish(_:)`), items retried in a run of their own (`retryNow(_:)`) and old skipped
/// transactions brought into the next run (`retryLegacy(_:)`). Commands parse, call one of these,
/// render what it returns and exit with its code; errors say their own exit code and run.
public struct SyncPipeline {
    public let settings: PipelineSettings
    public let ledger: Ledger
    public let logger: Logger
    /// Who acts (`--by`, else `$USER`): checked against `[sync] operators` before a load.
    public let actor: String
    /// The workspace lock when the caller holds it for every stage (the nightly); else the
    /// extract takes it for itself.
    public var workspaceLock: WorkspaceLock?
    /// Shows what is being done; silent unless the command has a terminal.
    public var progress: any PipelineProgress = SilentProgress()
    /// The QuickBooks a load posts to, built for each load: the live QuickBooks Online client by
    /// default. Throws a configuration error (exit code 2) when a connection setting is missing.
    public var books: @Sendable (PipelineSettings, Logger) throws -> any BooksEdition = { settings, logger in
        OnlineEdition(api: try LiveQuickBooks.api(settings: settings, logger: logger))
    }

    /// On a desktop pipeline: how message sets reach QuickBooks (the Web Connector session the
    /// command serves). Nil: a desktop load is refused (exit code 2), nothing sent.
    public var desktopTransport: (any DesktopTransport)?

    /// On a desktop pipeline while a `qbsync webconnector` serves the workspace: the load is that
    /// process's, and this hands it the run and waits for what it did. Nil: this process loads.
    public var handedLoad: (@Sendable (String) async throws -> LoadResult)?

    public init(settings: PipelineSettings, ledger: Ledger, logger: Logger, actor: String) {
        self.settings = settings
        self.ledger = ledger
        self.logger = logger
        self.actor = actor
    }

    /// Extracts; `command` is what a refused extract tells the person to run again.
    public func extract(
        existingRun: String? = nil, only: [OMSRef]? = nil, command: String = "qbsync extract", takeOverLock: Bool = false
    ) throws -> ExtractResult {
        let oms = try OMSDatabase(settings: settings)
        var extractor = Extractor(settings: settings, ledger: ledger, oms: oms, actor: actor, logger: logger)
        extractor.workspaceLock = workspaceLock
        extractor.command = command
        extractor.takeOverLock = takeOverLock
        return try extractor.run(existingRun: existingRun, only: only)
    }

    /// Transforms `run`; `handEntered` is what QuickBooks holds that qbsync did not post, read
    /// before it when the pipeline has a cutover (`HandEnteredBooks.read(settings:logger:)`).
    public func transform(_ run: String, handEntered: HandEnteredBooks? = nil) throws -> TransformResult {
        var transformer = Transformer(settings: settings, ledger: ledger, logger: logger)
        transformer.handEntered = handEntered
        return try transformer.run(runID: run)
    }

    /// Posts to QuickBooks: only the people in `[sync] operators` may (exit code 3 for others).
    public func load(_ run: String, takeOverLock: Bool = false) async throws -> LoadResult {
        if let handedLoad {
            try Operators.authorize(actor, to: "load", in: settings)
            return try await handedLoad(run)
        }
        // A desktop pipeline's load needs the Web Connector's side; without it nothing is read or sent.
        if settings.quickbooks.edition == .desktop && desktopTransport == nil {
            throw DesktopLoadUnavailable(run: run, pipeline: settings.path)
        }
        try Operators.authorize(actor, to: "load", in: settings)
        let edition: any BooksEdition = try desktopTransport.map {
            DesktopEdition(transport: $0, leakCheckWorkspace: settings.redaction.enabled ? settings.workspace : nil)
        } ?? books(settings, logger)
        var loader = Loader(settings: settings, ledger: ledger, edition: edition, logger: logger, actor: actor)
        loader.takeOverLock = takeOverLock
        return try await loader.run(runID: run)
    }

    public func reconcile(_ run: String) throws -> ReconcileResult {
        try Reconciler(settings: settings, ledger: ledger, actor: actor, logger: logger).run(runID: run)
    }

    /// The tail of the nightly and of a run finished: loads and reconciles `run`, adding the
    /// requests and outcomes to the summary, and to the lines the count, the first failures with
    /// their reasons and what to run for the rest.
    func loadAndReconcile(
        _ run: String, folder: RunFolder, batches: Int, summary: inout [String: JSONValue], lines: inout [String]
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
