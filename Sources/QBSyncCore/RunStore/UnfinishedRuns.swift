import Foundation
import QBSyncJSON

/// A run that holds items no later run will take and no stage in progress will finish: its
/// extract was killed, its folder deleted, or it stopped between stages. `qbsync run --run ID`
/// finishes it (it extracts the run's window again when the extract is gone).
public struct UnfinishedRun: Sendable, Equatable {
    /// Where the run stopped.
    public enum Stop: String, Sendable {
        /// The run folder is gone.
        case folderMissing = "folder-missing"
        /// The extract did not finish (killed, or its files are gone).
        case extract
        /// The extract finished; the transform did not run, or did not finish.
        case transform
        /// The transform finished and the pipeline requires approval before load.
        case approval
        /// The load did not run, or did not finish.
        case load
        /// The load finished; the reconcile did not.
        case reconcile
    }

    public var id: String
    /// Items taken into it and not yet synced or failed.
    public var pending: Int
    public var stop: Stop

    public init(id: String, pending: Int, stop: Stop) {
        self.id = id
        self.pending = pending
        self.stop = stop
    }

    /// The one command that finishes it.
    public var finish: String { "qbsync run --run \(id)" }

    /// Where it stopped, in words.
    public var why: String {
        switch stop {
        case .folderMissing: "its folder runs/\(id) is gone"
        case .extract: "its extract did not finish (killed, or its files are gone)"
        case .transform: "it was extracted but not transformed"
        case .approval: "it waits for review and approval ('qbsync review --run \(id)', 'qbsync approve --run \(id) --by NAME')"
        case .load: "it was transformed but its load did not run or did not finish"
        case .reconcile: "it was loaded but not reconciled"
        }
    }

    /// `run 0003-...: 42 item(s) wait in it; its extract did not finish ...: 'qbsync run --run 0003-...' finishes it`.
    public var line: String {
        "run \(id): \(pending) item(s) wait in it; \(why): '\(finish)' finishes it"
    }

    /// As `status --json` and `run --json` list it.
    public var json: JSONValue {
        ["run": .string(id), "pending": .int(pending), "stopped_at": .string(stop.rawValue), "finish": .string(finish)]
    }
}

extension UnfinishedRun {
    /// The runs of the ledger with items pending whose stages stopped, oldest first; the run
    /// the workspace lock's holder is working on (a run in progress) is not one of them.
    public static func all(settings: PipelineSettings, ledger: Ledger) throws -> [UnfinishedRun] {
        let pending = try ledger.pendingCountsByRun()
        guard !pending.isEmpty else { return [] }
        let inProgress = try WorkspaceLock.holder(in: ledger)?.runID
        return try ledger.runs().compactMap { run -> UnfinishedRun? in
            guard let count = pending[run.id], count > 0, run.id != inProgress else { return nil }
            let stop = try stopped(RunFolder(workspace: settings.workspace, id: run.id), settings: settings)
            return stop.map { UnfinishedRun(id: run.id, pending: count, stop: $0) }
        }
    }

    /// Where the run in `folder` stopped; nil when every stage finished.
    public static func stopped(_ folder: RunFolder, settings: PipelineSettings) throws -> Stop? {
        guard folder.exists else { return .folderMissing }
        let stages = (try? folder.manifest(pipeline: settings.name).stages) ?? [:]
        let extractFiles = FileManager.default.fileExists(atPath: folder.file(.extract, "extract.json").path)
        guard stages[.extract]?.status == .done, extractFiles else { return .extract }
        guard stages[.transform]?.status == .done else { return .transform }
        guard let load = stages[.load]?.status, load == .done else {
            return settings.requireApproval && stages[.load] == nil ? .approval : .load
        }
        return stages[.reconcile]?.status == .done ? nil : .reconcile
    }
}
