import Foundation
import Logging
import QBSyncJSON

/// What a load did.
public struct LoadResult: Sendable {
    public var results: [OperationResult]
    public var sent: Int
    public var failed: Int { results.filter(\.failed).count }

    /// What another process's load of `folder`'s run did, read from its `3-load/results.json`
    /// and the manifest's count of requests (a run handed to a serving `qbsync webconnector`).
    public init(loadedIn folder: RunFolder, pipeline: String) throws {
        let entry = try folder.manifest(pipeline: pipeline).stages[.load]
        sent = entry?.summary?["requests"]?.intValue ?? 0
        results = (try FileStore.readJSON(folder.file(.load, "results.json"))["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:))
    }

    init(results: [OperationResult], sent: Int) {
        self.results = results
        self.sent = sent
    }
}

/// The load stage: posts the transform's batches to QuickBooks wave by wave -> `3-load/` (the
/// exact bytes sent, the answers, the journal, each operation's result). Never posts twice:
/// what the ledger already holds is skipped, a batch whose outcome is uncertain has its
/// documents looked up before anything is sent again, and a restarted load resumes from the
/// journal and the ledger. One load at a time per company (the ledger's load lock), and nothing
/// is written before the preflight has checked the connection, the mapped accounts and
/// references, and the closing date.
public struct Loader {
    let settings: PipelineSettings
    let ledger: Ledger
    /// The QuickBooks the load posts to, through its edition's request builder, transport and reader.
    let edition: any BooksEdition
    let logger: Logger
    /// Who runs the load (shown to anyone who finds the lock held).
    let actor: String
    /// How many times a batch with an uncertain outcome is looked up and re-sent.
    var uncertainAttempts = 4
    /// A test's seam: stops the load at a chosen point as a crash would. `.none` in the program.
    public var crashPoints: LoadCrashPoints = .none
    /// Take the load lock even from a holder that looks alive (`--take-over-lock`).
    public var takeOverLock = false

    /// A load into `edition` (Online's or Desktop's).
    public init(settings: PipelineSettings, ledger: Ledger, edition: any BooksEdition, logger: Logger, actor: String = "unknown") {
        self.settings = settings
        self.ledger = ledger
        self.edition = edition
        self.logger = logger
        self.actor = actor
    }

    /// A load into QuickBooks Online through `api` (the live client, or a test's stand-in).
    public init(settings: PipelineSettings, ledger: Ledger, api: QuickBooksAPI, logger: Logger, actor: String = "unknown") {
        self.init(settings: settings, ledger: ledger, edition: OnlineEdition(api: api), logger: logger, actor: actor)
    }

    public func run(runID: String) async throws -> LoadResult {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard try folder.manifest(pipeline: settings.name).stages[.transform]?.status == .done else {
            throw RunStoreError.stageNotDone(runID, .load, .transform)
        }
        // Only as approved: refused when approval is required and missing, or the files changed since.
        try Approvals(settings: settings, ledger: ledger).checkBeforeLoad(runID: runID)
        let plan = try TransformPlan(folder: folder)
        try checkForLeaks(plan, folder: folder)
        let lock = try LoadLock.acquire(
            ledger: ledger, company: settings.quickbooks.realm ?? "", run: runID, user: actor, logger: logger,
            takeOver: takeOverLock)
        do {
            let result = try await load(plan, folder: folder, runID: runID)
            try lock.release()
            return result
        } catch let crash as SimulatedLoadCrash {
            lock.abandon()
            throw crash
        } catch {
            try? lock.release()
            throw error
        }
    }

    private func load(_ plan: TransformPlan, folder: RunFolder, runID: String) async throws -> LoadResult {
        let startedAt = Ledger.now()
        try folder.markRunning(.load, pipeline: settings.name, startedAt: startedAt)
        let journal = try LoadJournal(folder: folder)
        let events = journal.events()
        let state = LoadJournalState(events: events)
        // A load restarted soon after a crash: QuickBooks still counts the dead process's batches.
        await edition.rememberRecentSends(finishedAt: RecentBatchSends.endTimes(in: events))
        var sent = 0
        do {
            let preflight = try await Preflight(settings: settings, ledger: ledger, edition: edition, logger: logger, runID: runID)
                .check(plan)
            try await CompanyHistoryCheck(settings: settings, ledger: ledger, edition: edition, logger: logger)
                .check(plan.batches.flatMap { $0.operations.map(\.operation) }, runID: runID)
            let created: [String]
            do {
                created = try await edition.firstStep(settings: settings)
            } catch let failure as QuickBooksAPIFailure {
                throw LoadError(failure, batch: "the accounts step", run: runID)
            }
            if !created.isEmpty {
                try journal.append(["event": "accounts-created", "accounts": .array(created.map(JSONValue.string))])
                logger.info("accounts created", metadata: ["accounts": "\(created.joined(separator: ", "))"])
            }
            var resolver = PlaceholderResolver(ledger: ledger, edition: edition)
            for wave in Wave.allCases {
                for batch in plan.batches where batch.wave == wave {
                    var poster = BatchPoster(
                        folder: folder, journal: journal, ledger: ledger, edition: edition, logger: logger, runID: runID,
                        uncertainAttempts: uncertainAttempts)
                    poster.refusals = preflight.refusals
                    poster.journalState = state
                    poster.crashPoints = crashPoints
                    sent += try await poster.post(batch, resolver: &resolver)
                }
                for link in plan.links
                where link.wave == wave && !state.completed.contains(OperationResult.doneID(link)) {
                    let result = try self.link(link, runID: runID)
                    try journal.append(["event": "results", "results": [result.json]])
                }
            }
            try crashPoints.reach(.beforeFinish)
        } catch let crash as SimulatedLoadCrash {
            throw crash
        } catch {
            _ = try? writeResults(journal: journal, folder: folder)
            _ = try? folder.recordStage(.load, status: .partial, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now())
            if let failure = error as? QuickBooksAPIFailure { throw LoadError(failure, batch: "the load", run: runID) }
            // Errors of the load's own say the run already; any other is told with it, so the
            // message names the command that goes on.
            if error is LoadError || error is CompanyHistoryError { throw error }
            throw LoadError(stopping: error, run: runID)
        }
        let all = try writeResults(journal: journal, folder: folder)
        let failed = all.filter(\.failed).count
        try folder.recordStage(
            .load, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(),
            summary: ["requests": .int(sent), "operations": .int(all.count), "failed": .int(failed)])
        logger.info("load finished", metadata: ["run": "\(runID)", "requests": "\(sent)", "failed": "\(failed)"])
        return LoadResult(results: all, sent: sent)
    }

    /// The leak check again, on the batch files as they are now (a hand edit included), before
    /// anything is sent: it fails closed while the run's extract is there to check against.
    private func checkForLeaks(_ plan: TransformPlan, folder: RunFolder) throws {
        guard settings.redaction.enabled else { return }
        guard FileManager.default.fileExists(atPath: folder.file(.extract, "reference.json").path) else {
            logger.warning("the run's extract is gone: the load relies on the transform's leak check", metadata: ["run": "\(folder.id)"])
            return
        }
        let check = try LeakCheck(folder: folder)
        let findings = plan.batches.flatMap { batch in
            batch.operations.flatMap { item in
                // A Desktop request is checked as the request (its body is only its text).
                item.operation.qbxml.map { check.scan($0, location: "\(batch.file) \(item.bId) \($0.name)") }
                    ?? check.scan(item.operation.body, location: "\(batch.file) \(item.bId) \(item.operation.entity)")
            }
        }
        if !findings.isEmpty { throw TransformError.leak(findings) }
    }

    /// A `link` gives a key the id of its target (an OMS hearing aid -> the generic item).
    private func link(_ operation: PlannedOperation, runID: String) throws -> OperationResult {
        var result = OperationResult(operation, status: "linked")
        guard let target = operation.target, let object = try ledger.booksObject(target) else {
            result.status = "failed"
            result.code = "dependency-failed"
            result.message = "\(operation.ref) maps to \(operation.target ?? "?"), which is not in QuickBooks: see the failure of that item"
            return result
        }
        try ledger.saveBooksObject(
            BooksObject(
                key: operation.key, ref: operation.ref, type: object.type, remoteID: object.remoteID, edition: object.edition,
                name: object.name, runID: runID))
        result.qboID = object.remoteID
        return result
    }

    /// The last result per operation over every load attempt, written to `3-load/results.json`.
    @discardableResult
    private func writeResults(journal: LoadJournal, folder: RunFolder) throws -> [OperationResult] {
        var last: [String: OperationResult] = [:]
        var order: [String] = []
        for event in journal.events() {
            for result in (event["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:)) {
                let id = result.operationID
                if last[id] == nil { order.append(id) }
                // A restart finds what an earlier attempt posted "already" in the ledger: the
                // earlier result says more (the answer's total, its intuit_tid).
                if result.status == "already", let earlier = last[id], !earlier.failed { continue }
                last[id] = result
            }
        }
        let results = order.map { last[$0]! }
        try FileStore.writeJSON(["results": .array(results.map(\.json))], to: folder.file(.load, "results.json"))
        return results
    }
}
