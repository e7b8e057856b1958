import Foundation
import Logging
import QBSyncJSON

/// What a load did.
public struct LoadResult: Sendable {
    public var results: [OperationResult]
    public var sent: Int
    public var failed: Int { results.filter(\.failed).count }
}

/// The load stage: posts the transform's batches to QuickBooks wave by wave -> `3-load/` (the
/// exact bytes sent, the answers, the journal, each operation's result). Never posts twice:
/// what the ledger already holds is skipped, a batch whose outcome is uncertain has its
/// documents looked up before anything is sent again, and a restarted load resumes from the
/// journal and the ledger.
public struct Loader {
    let settings: PipelineSettings
    let ledger: Ledger
    let api: QuickBooksAPI
    let logger: Logger
    /// How many times a batch with an uncertain outcome is looked up and re-sent.
    var uncertainAttempts = 4

    public init(settings: PipelineSettings, ledger: Ledger, api: QuickBooksAPI, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.api = api
        self.logger = logger
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
        let startedAt = Ledger.now()
        try folder.markRunning(.load, pipeline: settings.name, startedAt: startedAt)
        let journal = try LoadJournal(folder: folder)
        let uncertainBatches = Self.uncertainBatches(in: journal.events())
        var resolver = PlaceholderResolver(ledger: ledger, api: api)
        var sent = 0
        do {
            for wave in Wave.allCases {
                for batch in plan.batches where batch.wave == wave {
                    let outcome = try await BatchPoster(
                        folder: folder, journal: journal, ledger: ledger, api: api, logger: logger, runID: runID,
                        uncertainAttempts: uncertainAttempts
                    ).post(batch, resolver: &resolver, wasUncertain: uncertainBatches.contains(batch.file))
                    sent += outcome
                }
                for link in plan.links where link.wave == wave {
                    let result = try self.link(link, runID: runID)
                    try journal.append(["event": "results", "results": [result.json]])
                }
            }
        } catch {
            try? writeResults(journal: journal, folder: folder)
            try? folder.recordStage(.load, status: .partial, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now())
            throw error
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
        let check = LeakCheck(
            records: try ExtractWriter.readRecords(folder: folder), reference: try FileStore.readJSON(folder.file(.extract, "reference.json")))
        let findings = plan.batches.flatMap { batch in
            batch.operations.flatMap { check.scan($0.operation.body, location: "\(batch.file) \($0.bId) \($0.operation.entity)") }
        }
        if !findings.isEmpty { throw TransformError.leak(findings) }
    }

    /// A `link` gives a key the id of its target (an OMS hearing aid -> the generic item).
    private func link(_ operation: PlannedOperation, runID: String) throws -> OperationResult {
        var result = OperationResult(operation, status: "linked")
        guard let target = operation.target, let object = try ledger.qboObject(target) else {
            result.status = "failed"
            result.code = "dependency-failed"
            result.message = "\(operation.ref) maps to \(operation.target ?? "?"), which is not in QuickBooks: see the failure of that item"
            return result
        }
        try ledger.saveQBOObject(
            QBOObject(key: operation.key, ref: operation.ref, qboType: object.qboType, qboID: object.qboID, name: object.name, runID: runID))
        result.qboID = object.qboID
        return result
    }

    /// The last result per operation over every load attempt, written to `3-load/results.json`.
    @discardableResult
    private func writeResults(journal: LoadJournal, folder: RunFolder) throws -> [OperationResult] {
        var last: [String: OperationResult] = [:]
        var order: [String] = []
        for event in journal.events() where event["event"]?.stringValue == "results" {
            for result in (event["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:)) {
                let id = result.key + " " + result.operation
                if last[id] == nil { order.append(id) }
                last[id] = result
            }
        }
        let results = order.map { last[$0]! }
        try FileStore.writeJSON(["results": .array(results.map(\.json))], to: folder.file(.load, "results.json"))
        return results
    }

    /// Batches whose intent was journaled without an answer: a crash or a lost answer.
    static func uncertainBatches(in events: [JSONValue]) -> Set<String> {
        var open: Set<String> = []
        for event in events {
            guard let batch = event["batch"]?.stringValue else { continue }
            switch event["event"]?.stringValue {
            case "intent": open.insert(batch)
            case "answer": open.remove(batch)
            case "uncertain": open.insert(batch)
            default: break
            }
        }
        return open
    }
}

/// A load that cannot go on.
public enum LoadError: LocalizedError, Equatable {
    case authorizationNeeded(String)
    case gaveUp(String, String)

    public var errorDescription: String? {
        switch self {
        case .authorizationNeeded(let reason):
            "QuickBooks login needed (\(reason)): run 'qbsync connect', then 'qbsync load --run ID' again; nothing is lost"
        case .gaveUp(let batch, let reason):
            "\(batch) could not be posted (\(reason)); it stays pending: run 'qbsync load --run ID' again later"
        }
    }
}
