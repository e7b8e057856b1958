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

        // While this thread reads the OMS, one thread hashes and writes the files and another
        // records in the ledger what the run takes, in one transaction that commits (moving
        // the cursor) only after the last file is written.
        let files = ExtractFileSink()
        let taken = ExtractWorker(name: "qbsync extract ledger", ledger: ledger)
        var committed = false
        defer {
            if !committed {
                files.cancel()
                taken.cancel()
            }
        }
        var writer = ExtractWriter(folder: folder, chunkSize: settings.chunkSize, sink: files)
        let selected = try select(run: run, requested: requested, writer: &writer, ledgerWorker: taken)
        try writer.finish(
            reference: try referenceTables(), run: run, counts: selected.counts, patientsLeftOut: selected.patientsLeftOut)
        let digests = try files.finish()
        if existingRun == nil {
            try taken.run { [ledger] in try ledger.recordRun(run) }
        }
        try taken.finish()
        committed = true

        let counts = selected.counts.compactMapValues { byReason -> Int? in
            let synced = byReason.filter { $0.key.isSynced }.values.reduce(0, +)
            return synced > 0 ? synced : nil
        }
        var summary: JSONValue = ["records": .object(counts.mapValues { .int($0) }), "files": .int(writer.chunks.count)]
        if let only { summary["only"] = .array(only.map { .string($0.description) }) }
        if !selected.held.isEmpty { summary["held"] = .array(selected.held.map(JSONValue.string)) }
        try folder.recordStage(
            .extract, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(), summary: summary,
            digests: digests)
        logger.info(
            "extract finished",
            metadata: ["run": "\(run.id)", "records": "\(counts.values.reduce(0, +))", "window": "\(run.cursorFrom)-\(run.cursorTo)"])
        return ExtractResult(run: run, counts: counts, patientsLeftOut: selected.patientsLeftOut, held: selected.held)
    }

    /// What the run took, once every record file is queued.
    private struct Selected {
        /// Entity -> reason -> how many records.
        var counts: [String: [ExtractReason: Int]] = [:]
        var patientsLeftOut = 0
        /// Changed records an operator holds out of synchronization (excluded, manual, manual_done).
        var held: [String] = []
    }

    /// Decides what the run takes and writes its record files as it goes: the window's changes
    /// and the retries, then what they need (to sync when never synced, as context when the
    /// mapping needs their rows). Entities come in dependency order (`OMSRecordShape`), each read
    /// a chunk of `chunk_size` records at a time: the chunk's file is queued for writing, what its
    /// records need is noted for the entities still to come, and its rows are dropped. Each
    /// entity's records to sync go to the ledger as soon as the entity is done.
    private func select(run: RunRecord, requested: [OMSRef: ExtractReason], writer: inout ExtractWriter, ledgerWorker worker: ExtractWorker) throws
        -> Selected
    {
        var window = try OMSChangeWindow(oms: oms, after: run.cursorFrom, upTo: run.cursorTo)
        let heldOut = try ledger.refs(in: [.excluded, .manual, .manualDone])
        // Records entered by hand that changed again go back on the manual entry list, before
        // anything is marked pending (a record on that list stays off the run).
        let reopened = try ledger.refs(in: [.manualDone]).filter { text in (try? OMSRef(parsing: text)).map(window.contains) ?? false }
        if !reopened.isEmpty {
            try worker.run { [ledger, actor] in try ledger.reopenManualEntries(reopened.sorted(), run: run.id, actor: actor) }
        }
        let inQuickBooks = QuickBooksLookup(ledger: ledger, entities: try ledger.entitiesInQuickBooks())
        var selection = ExtractSelection(requested: requested, heldOut: heldOut, allPatientFiles: settings.allPatientFiles)
        var selected = Selected()
        let time = Ledger.now()
        for entity in OMSRecordShape.dependencyOrder {
            let records = try selection.take(entity, changes: window.take(entity)) { ids in
                try inQuickBooks.ids(of: entity, among: ids)
            }
            guard !records.isEmpty else { continue }
            let reader = try RecordChunkReader(oms: oms, entity: entity, ids: records.map(\.id))
            for start in stride(from: 0, to: records.count, by: settings.chunkSize) {
                let chunk = records[start..<min(start + settings.chunkSize, records.count)]
                let rows = try reader.read(chunk.map(\.id)[...])
                try writer.writeChunk(entity: entity, records: chunk, rows: rows)
                try noteDependencies(of: chunk, rows: rows, inQuickBooks: inQuickBooks, in: &selection)
            }
            var synced: [OMSRef] = []
            for record in records {
                selected.counts[entity, default: [:]][record.reason, default: 0] += 1
                if record.reason.isSynced { synced.append(OMSRef(entity, record.id)) }
            }
            if !synced.isEmpty {
                try worker.run { [ledger, actor] in try ledger.markTaken(synced, run: run.id, actor: actor, at: time) }
            }
        }
        selected.patientsLeftOut = selection.patientsLeftOut
        selected.held = selection.held.sorted()
        return selected
    }

    /// Tells the selection what each record of a chunk refers to, and whether QuickBooks has it.
    private func noteDependencies(
        of chunk: ArraySlice<SelectedRecord>, rows: RecordRows, inQuickBooks: QuickBooksLookup, in selection: inout ExtractSelection
    ) throws {
        guard !rows.dependencies.isEmpty else { return }
        let reasons = Dictionary(chunk.map { ($0.id, $0.reason) }, uniquingKeysWith: { first, _ in first })
        let found = try inQuickBooks.refs(among: rows.dependencies.map(\.ref))
        for (owner, ref) in rows.dependencies {
            guard let reason = reasons[owner] else { continue }
            selection.need(ref, by: reason, dependencyInQuickBooks: found.contains(ref))
        }
    }

    /// Locations and payment methods: no change feed of their own, small, always carried whole.
    private func referenceTables() throws -> JSONValue {
        [
            "locations": .array(try oms.allRows(table: "locations")),
            "payment_methods": .array(try oms.allRows(table: "payment_methods")),
        ]
    }
}

/// An extract file could not be read back, or a record could not be read from the OMS.
public enum ExtractError: LocalizedError, Equatable {
    case badRecord(String)
    case unknownEntity(String)

    public var errorDescription: String? {
        switch self {
        case .badRecord(let reason): "an extract file is damaged (\(reason)): run 'qbsync extract --run ID' again"
        case .unknownEntity(let entity):
            "'\(entity)' is not a change-feed entity (entities: \(OMSRef.entities.joined(separator: ", ")))"
        }
    }
}
