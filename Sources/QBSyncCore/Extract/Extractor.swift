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
    /// A test's seam: stops (or holds) the extract at a chosen point as a crash would. `.none` in the program.
    public var crashPoints: ExtractCrashPoints = .none
    /// The workspace lock when the caller holds it already (`qbsync run` holds it for the
    /// whole run); else the extract takes it for itself.
    public var workspaceLock: WorkspaceLock?
    /// Take the workspace lock even from a holder that looks alive (`--take-over-lock`).
    public var takeOverLock = false
    /// The command a refused extract tells the person to run again.
    public var command = "qbsync extract"

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
    /// Refused (`WorkspaceLockError.locked`) while another extract or run works in the workspace.
    public func run(existingRun: String? = nil, only: [OMSRef]? = nil, now: Date = Date()) throws -> ExtractResult {
        if let workspaceLock { return try extract(existingRun: existingRun, only: only, now: now, lock: workspaceLock) }
        let lock = try WorkspaceLock.acquire(
            ledger: ledger, command: command, run: existingRun, user: actor, logger: logger, takeOver: takeOverLock)
        do {
            let result = try extract(existingRun: existingRun, only: only, now: now, lock: lock)
            try lock.release()
            return result
        } catch let crash as SimulatedExtractCrash {
            lock.abandon()
            throw crash
        } catch {
            try? lock.release()
            throw error
        }
    }

    private func extract(existingRun: String?, only: [OMSRef]?, now: Date, lock: WorkspaceLock) throws -> ExtractResult {
        // A damaged OMS file reads as if whole but with changes missing: refuse it before a run
        // or a window exists, so the cursor cannot pass what was never read.
        try oms.verifyIntact()
        let startedAt = Ledger.now()
        let (run, requested) = try startRun(existingRun: existingRun, only: only, now: now, startedAt: startedAt)
        try lock.record(run: run.id)
        let folder = RunFolder(workspace: settings.workspace, id: run.id)
        try folder.prepare(.extract)
        try folder.markRunning(.extract, pipeline: settings.name, startedAt: startedAt)

        // While this thread reads the OMS, one thread hashes and writes the files and another
        // records in the ledger what the run takes, in one transaction that commits (moving
        // the cursor) only after the last file is written and the manifest says so.
        let files = ExtractFileSink()
        let taken = ExtractWorker(name: "qbsync extract ledger", ledger: ledger)
        var committed = false
        defer {
            if !committed {
                files.cancel()
                taken.cancel()
            }
        }
        var writer = ExtractWriter(folder: folder, sink: files)
        let selected = try select(run: run, requested: requested, writer: &writer, ledgerWorker: taken)
        try writer.finish(
            reference: try referenceTables(), run: run, counts: selected.counts, patientsLeftOut: selected.patientsLeftOut)
        let digests = try files.finish()
        try crashPoints.reach(.afterFiles)
        if existingRun == nil {
            try taken.run { [ledger] in try ledger.recordRun(run) }
        }

        let counts = selected.counts.compactMapValues { byReason -> Int? in
            let synced = byReason.filter { $0.key.isSynced }.values.reduce(0, +)
            return synced > 0 ? synced : nil
        }
        var summary: JSONValue = ["records": .object(counts.mapValues { .int($0) }), "files": .int(writer.chunks.count)]
        if let only { summary["only"] = .array(only.map { .string($0.description) }) }
        if !selected.held.isEmpty { summary["held"] = .array(selected.held.map(JSONValue.string)) }
        // The manifest says done before the commit that moves the cursor: a crash between the
        // two leaves a folder the ledger never heard of (nothing pending; the next extract
        // takes the same changes), never items pending in a run whose extract is not done.
        try folder.recordStage(
            .extract, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(), summary: summary,
            digests: digests)
        try crashPoints.reach(.afterManifest)
        do {
            try taken.finish()
        } catch {
            _ = try? folder.recordStage(.extract, status: .failed, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now())
            throw error
        }
        committed = true
        try crashPoints.reach(.afterCommit)
        logger.info(
            "extract finished",
            metadata: ["run": "\(run.id)", "records": "\(counts.values.reduce(0, +))", "window": "\(run.cursorFrom)-\(run.cursorTo)"])
        return ExtractResult(run: run, counts: counts, patientsLeftOut: selected.patientsLeftOut, held: selected.held)
    }

    /// The run to extract and the records asked for again: an existing run's window with its
    /// pending and queued records; just `only` (a window of nothing, the cursor left where it
    /// is); or a new run from the cursor to the feed's end with the queued records.
    private func startRun(existingRun: String?, only: [OMSRef]?, now: Date, startedAt: String) throws
        -> (RunRecord, [OMSRef: ExtractReason])
    {
        var requested: [OMSRef: ExtractReason] = [:]
        if let existingRun {
            let run = try ledger.run(existingRun)
            for item in try ledger.items(in: .pending) + ledger.items(in: .queued) where item.runID == run.id {
                requested[try OMSRef(parsing: item.ref)] = .retry
            }
            return (run, requested)
        }
        let (id, seq) = try ledger.nextRunID(at: now)
        if let only {
            let cursor = try ledger.cursor()
            for ref in only { requested[ref] = .retry }
            let run = RunRecord(id: id, seq: seq, pipeline: settings.name, createdAt: startedAt, cursorFrom: cursor, cursorTo: cursor)
            return (run, requested)
        }
        for ref in try ledger.refs(in: [.queued]) { requested[try OMSRef(parsing: ref)] = .retry }
        let run = RunRecord(
            id: id, seq: seq, pipeline: settings.name, createdAt: startedAt, cursorFrom: try ledger.cursor(), cursorTo: try oms.maxSeq())
        return (run, requested)
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
    /// A record or the file list of run `run`'s extract cannot be read.
    case badRecord(String, run: String)
    case unknownEntity(String)

    public var errorDescription: String? {
        switch self {
        case .badRecord(let reason, let run): "an extract file of run \(run) is damaged (\(reason)): run 'qbsync extract --run \(run)' again"
        case .unknownEntity(let entity):
            "'\(entity)' is not a change-feed entity (entities: \(OMSRef.entities.joined(separator: ", ")))"
        }
    }
}

extension ExtractError: ExitStatusError {
    /// Input that cannot be taken (a damaged extract file, an entity the feed does not have):
    /// nothing was done with it.
    public var exitStatus: ExitStatus { .configuration }
}
