import Foundation
import Logging
import QBSyncJSON

/// What a reconcile concluded.
public struct ReconcileResult: Sendable {
    public var outcomes: [ItemOutcome]
    public var synced: Int { outcomes.filter { $0.state == .synced }.count }
    public var failed: Int { outcomes.filter { $0.state == .failed }.count }
    public var pending: Int { outcomes.filter { $0.state == .pending }.count }
}

/// The reconcile stage: reads `3-load/` (and the transform's own failures), decides each OMS
/// item's state, checks that what QuickBooks reports equals the OMS amounts, updates the ledger
/// and writes `4-reconcile/` (per-item outcomes and the run summary).
public struct Reconciler {
    let settings: PipelineSettings
    let ledger: Ledger
    let actor: String
    let logger: Logger

    public init(settings: PipelineSettings, ledger: Ledger, actor: String, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.actor = actor
        self.logger = logger
    }

    public func run(runID: String) throws -> ReconcileResult {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard let loadStatus = try folder.manifest(pipeline: settings.name).stages[.load]?.status,
            loadStatus == .done || loadStatus == .partial
        else { throw RunStoreError.stageNotDone(runID, .reconcile, .load) }
        let startedAt = Ledger.now()
        let plan = try TransformPlan(folder: folder)
        let results = try LoadResult(loadedIn: folder, pipeline: settings.name).results
        try folder.prepare(.reconcile)

        let byRef = Dictionary(grouping: results, by: \.ref)
        let planned = Set(plan.batches.flatMap { $0.operations.map(\.operation.ref) } + plan.links.map(\.ref))
        let transformFailures = Dictionary(plan.failures.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        var outcomes: [ItemOutcome] = []
        let edition = settings.quickbooks.edition
        for ref in plan.refs.sorted() {
            if let failure = transformFailures[ref] {
                outcomes.append(
                    ItemOutcome(
                        ref: ref, state: failure.excluded ? .excluded : failure.needsManualEntry ? .manual : .failed, code: failure.code,
                        message: failure.message))
            } else if let failure = (byRef[ref] ?? []).first(where: \.failed) {
                let message = ErrorCatalogue.explain(
                    code: failure.code, message: failure.message, detail: failure.detail, ref: ref, entity: failure.entity,
                    edition: edition)
                // Dated in a Desktop company's closed period: not a fault of the item but the
                // accountant's decision (enter it by hand, or move the closing date), so it goes
                // to the manual list, as the status table of qbd-api.md has it for 3171.
                let state: ItemState = failure.code == "closed-period" && edition == .desktop ? .manual : .failed
                outcomes.append(ItemOutcome(ref: ref, state: state, code: failure.code, message: message))
            } else if let mismatch = (byRef[ref] ?? []).first(where: Self.moneyDiffers) {
                outcomes.append(
                    ItemOutcome(
                        ref: ref, state: .failed, code: "amount-mismatch",
                        message: "\(ref): QuickBooks totals the \(edition.label(mismatch.entity).lowercased()) \(Money.decimalString(cents: mismatch.qboTotalCents ?? 0)) but the OMS says \(Money.decimalString(cents: mismatch.expectedCents ?? 0)). Check the document in QuickBooks, then 'qbsync manual \(ref)'."))
            } else if planned.contains(ref), byRef[ref] == nil {
                outcomes.append(ItemOutcome(ref: ref, state: .pending, message: "not loaded yet: run 'qbsync load --run \(runID)'"))
            } else {
                outcomes.append(ItemOutcome(ref: ref, state: .synced))
            }
        }
        try ledger.record(outcomes, run: runID, action: "reconciled", actor: actor)
        let summary = RunSummary(plan: plan, results: results, outcomes: outcomes, edition: edition)
        try FileStore.writeJSON(
            ["outcomes": .array(outcomes.map(Self.json))], to: folder.file(.reconcile, "outcomes.json"))
        try FileStore.writeJSON(summary.json, to: folder.file(.reconcile, "summary.json"))
        let result = ReconcileResult(outcomes: outcomes)
        if settings.redaction.deleteExtractAfterReconcile, result.pending == 0 {
            // The extract is the run's only PHI on disk; the ledger keeps what the desk needs.
            try? FileManager.default.removeItem(at: folder.folder(.extract))
            logger.info("deleted the run's extract after reconcile", metadata: ["run": "\(runID)"])
        }
        try folder.recordStage(
            .reconcile, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(),
            summary: ["synced": .int(result.synced), "failed": .int(result.failed), "pending": .int(result.pending)])
        logger.info("reconcile finished", metadata: ["run": "\(runID)", "synced": "\(result.synced)", "failed": "\(result.failed)"])
        return result
    }

    static func moneyDiffers(_ result: OperationResult) -> Bool {
        guard !result.failed, result.operation == "create" || result.operation == "update", let expected = result.expectedCents, let actual = result.qboTotalCents
        else { return false }
        return expected != actual
    }

    static func json(_ outcome: ItemOutcome) -> JSONValue {
        var object: [String: JSONValue] = ["ref": .string(outcome.ref), "state": .string(outcome.state.rawValue)]
        if let code = outcome.code { object["code"] = .string(code) }
        if let message = outcome.message { object["message"] = .string(message) }
        return .object(object)
    }
}
