import Foundation
import Logging
import QBSyncJSON

/// What an extract did.
public struct ExtractResult: Sendable {
    public var run: RunRecord
    /// Records to sync, by entity.
    public var counts: [String: Int]
    /// Changed patients left out because "synchronize all patient files" is off and nothing needs them.
    public var patientsLeftOut: Int
    /// Changed records left alone because an operator excluded them or they are on the manual
    /// entry list (a record already entered by hand goes back on that list).
    public var held: [String] = []
}

/// The extract stage: the OMS changes since the cursor -> `1-extract/`. It takes a stable window
/// (every change above the cursor up to the highest `seq` present when it began), coalesces
/// each entity to its state now, pulls in dependencies that never reached QuickBooks, and moves
/// the cursor only when the files are written and the ledger records what the run took.
public struct Extractor {
    let settings: PipelineSettings
    let ledger: Ledger
    let oms: OMSDatabase
    let actor: String
    let logger: Logger

    public init(settings: PipelineSettings, ledger: Ledger, oms: OMSDatabase, actor: String, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.oms = oms
        self.actor = actor
        self.logger = logger
    }

    /// Starts a new run (or, with `existingRun`, extracts that run's window again). With `only`,
    /// the new run takes just those records and what they need, not the change feed: its window
    /// is empty and the cursor stays where it is (`qbsync retry --now`).
    public func run(existingRun: String? = nil, only: [OMSRef]? = nil, now: Date = Date()) throws -> ExtractResult {
        let startedAt = Ledger.now()
        let run: RunRecord
        var requested: [OMSRef: ExtractReason] = [:]
        if let existingRun {
            run = try ledger.run(existingRun)
            for item in try ledger.items(in: .pending) + ledger.items(in: .queued) where item.runID == run.id {
                requested[try OMSRef(parsing: item.ref)] = .retry
            }
        } else if let only {
            let (id, seq) = try ledger.nextRunID(at: now)
            let cursor = try ledger.cursor()
            run = RunRecord(id: id, seq: seq, pipeline: settings.name, createdAt: startedAt, cursorFrom: cursor, cursorTo: cursor)
            for ref in only { requested[ref] = .retry }
        } else {
            let (id, seq) = try ledger.nextRunID(at: now)
            run = RunRecord(
                id: id, seq: seq, pipeline: settings.name, createdAt: startedAt, cursorFrom: try ledger.cursor(),
                cursorTo: try oms.maxSeq())
            for ref in try ledger.refs(in: [.queued]) { requested[try OMSRef(parsing: ref)] = .retry }
        }
        let folder = RunFolder(workspace: settings.workspace, id: run.id)
        try folder.prepare(.extract)
        try folder.markRunning(.extract, pipeline: settings.name, startedAt: startedAt)

        let selection = try select(run: run, requested: requested)
        let files = try ExtractWriter(folder: folder, chunkSize: settings.chunkSize).write(
            selection.records, reference: try referenceTables(), run: run, patientsLeftOut: selection.patientsLeftOut)
        let synced = selection.records.filter { $0.reason.isSynced }.map(\.ref.description)
        try ledger.reopenManualEntries(selection.reopened, run: run.id, actor: actor)
        if existingRun == nil {
            try ledger.commitExtract(run: run, refs: synced, actor: actor)
        } else {
            try ledger.commitReExtract(run: run, refs: synced, actor: actor)
        }
        let counts = Dictionary(grouping: selection.records.filter { $0.reason.isSynced }, by: \.ref.entity).mapValues(\.count)
        var summary: JSONValue = ["records": .object(counts.mapValues { .int($0) }), "files": .int(files)]
        if let only { summary["only"] = .array(only.map { .string($0.description) }) }
        if !selection.held.isEmpty { summary["held"] = .array(selection.held.map(JSONValue.string)) }
        try folder.recordStage(
            .extract, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(), summary: summary)
        logger.info(
            "extract finished", metadata: ["run": "\(run.id)", "records": "\(synced.count)", "window": "\(run.cursorFrom)-\(run.cursorTo)"])
        return ExtractResult(run: run, counts: counts, patientsLeftOut: selection.patientsLeftOut, held: selection.held)
    }

    private struct Selection {
        var records: [ExtractedRecord]
        var patientsLeftOut: Int
        /// Changed records an operator holds out of synchronization (excluded, manual, manual_done).
        var held: [String] = []
        /// Records entered by hand that changed again: back to the manual entry list.
        var reopened: [String] = []
    }

    /// Decides what the run takes: the window's changes, the retries, then their dependencies
    /// (to sync when never synced, as context when the mapping needs their rows), to a fixed point.
    private func select(run: RunRecord, requested: [OMSRef: ExtractReason]) throws -> Selection {
        let changes = try oms.changes(after: run.cursorFrom, upTo: run.cursorTo)
        var inQuickBooks = try ledger.refsInQuickBooks(among: changes.map(\.ref.description))
        // An operator's decision holds: excluded and manual records are not posted, whether they
        // changed or something else needs them (that then fails, naming what it waits for).
        let heldOut = try ledger.refs(in: [.excluded, .manual, .manualDone])
        let enteredByHand = try ledger.refs(in: [.manualDone])
        var held: Set<String> = []
        var reasons = requested
        var ops: [OMSRef: String] = [:]
        var deferredPatients: Set<OMSRef> = []
        for change in changes {
            ops[change.ref] = change.op
            if heldOut.contains(change.ref.description) {
                held.insert(change.ref.description)
                if Dependencies.contextEntities.contains(change.ref.entity) { reasons[change.ref] = reasons[change.ref] ?? .context }
                continue
            }
            if change.ref.entity == "patient", !settings.allPatientFiles, !inQuickBooks.contains(change.ref.description) {
                deferredPatients.insert(change.ref)
                continue
            }
            reasons[change.ref] = min(reasons[change.ref] ?? .changed, .changed)
        }
        let reader = OMSRecordReader(oms: oms)
        var rows: [OMSRef: JSONValue] = [:]
        var toLoad = Set(reasons.keys)
        while !toLoad.isEmpty {
            let byEntity = Dictionary(grouping: toLoad, by: \.entity)
            toLoad = []
            for entity in byEntity.keys.sorted() {
                let ids = byEntity[entity]!.map(\.id).sorted()
                let found = try reader.records(entity: entity, ids: ids)
                let dependencies = found.values.flatMap { Dependencies.of(entity: entity, row: $0) }.map(\.description)
                inQuickBooks.formUnion(try ledger.refsInQuickBooks(among: Array(Set(dependencies))))
                for id in ids {
                    let ref = OMSRef(entity, id)
                    let row = found[id] ?? .null
                    rows[ref] = row
                    let isSynced = reasons[ref]?.isSynced ?? false
                    for dependency in Dependencies.of(entity: entity, row: row) where rows[dependency] == nil {
                        let needed: ExtractReason?
                        if !isSynced {
                            // A context record (a sale a payment pays) only needs its items' kinds.
                            needed = dependency.entity == "item" ? .context : nil
                        } else if !inQuickBooks.contains(dependency.description) {
                            needed = .dependency
                        } else {
                            needed = Dependencies.contextEntities.contains(dependency.entity) ? .context : nil
                        }
                        guard var needed, reasons[dependency] == nil || needed < reasons[dependency]! else { continue }
                        if needed.isSynced, heldOut.contains(dependency.description) {
                            guard Dependencies.contextEntities.contains(dependency.entity) else { continue }
                            needed = .context
                            guard reasons[dependency] == nil else { continue }
                        }
                        reasons[dependency] = needed
                        toLoad.insert(dependency)
                    }
                }
            }
        }
        let records = reasons.keys.sorted().map { ref in
            ExtractedRecord(ref: ref, reason: reasons[ref]!, op: ops[ref], row: rows[ref] ?? .null)
        }
        let leftOut = deferredPatients.filter { reasons[$0] == nil }.count
        return Selection(
            records: records, patientsLeftOut: leftOut, held: held.sorted(), reopened: held.filter(enteredByHand.contains).sorted())
    }

    /// Locations and payment methods: no change feed of their own, small, always carried whole.
    private func referenceTables() throws -> JSONValue {
        [
            "locations": .array(try oms.allRows(table: "locations")),
            "payment_methods": .array(try oms.allRows(table: "payment_methods")),
        ]
    }
}

/// An extract file could not be read back.
public enum ExtractError: LocalizedError, Equatable {
    case badRecord(String)

    public var errorDescription: String? {
        switch self {
        case .badRecord(let reason): "an extract file is damaged (\(reason)): run 'qbsync extract --run ID' again"
        }
    }
}
