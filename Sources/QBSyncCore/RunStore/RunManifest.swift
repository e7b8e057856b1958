import QBSyncJSON

/// `manifest.json`: the run id, the pipeline, and for each stage its status, times, the SHA-256
/// of every file it wrote, and a short summary.
public struct RunManifest: Sendable, Equatable {
    /// A stage's state in this run.
    public enum Status: String, Sendable {
        case running, done, partial, failed, stale
    }

    /// One stage's entry.
    public struct StageEntry: Sendable, Equatable {
        public var status: Status
        public var startedAt: String
        public var finishedAt: String?
        /// Relative path inside the run folder -> SHA-256.
        public var files: [String: String] = [:]
        public var summary: JSONValue?
    }

    public var run: String
    public var pipeline: String
    public var stages: [Stage: StageEntry]

    /// The manifest as JSON.
    public var json: JSONValue {
        var stageObjects: [String: JSONValue] = [:]
        for (stage, entry) in stages {
            var object: [String: JSONValue] = [
                "status": .string(entry.status.rawValue),
                "started_at": .string(entry.startedAt),
                "files": .object(entry.files.mapValues { .string($0) }),
            ]
            if let finished = entry.finishedAt { object["finished_at"] = .string(finished) }
            if let summary = entry.summary { object["summary"] = summary }
            stageObjects[stage.rawValue] = .object(object)
        }
        return ["run": .string(run), "pipeline": .string(pipeline), "stages": .object(stageObjects)]
    }

    init(run: String, pipeline: String, stages: [Stage: StageEntry]) {
        self.run = run
        self.pipeline = pipeline
        self.stages = stages
    }

    /// Reads a manifest written by `json`.
    public init(json: JSONValue) throws {
        guard let run = json["run"]?.stringValue, let pipeline = json["pipeline"]?.stringValue else {
            throw RunStoreError.badManifest("run or pipeline missing", run: json["run"]?.stringValue ?? "")
        }
        self.run = run
        self.pipeline = pipeline
        stages = [:]
        for (name, entry) in json["stages"]?.objectValue ?? [:] {
            guard let stage = Stage(rawValue: name), let status = entry["status"]?.stringValue.flatMap(Status.init),
                let started = entry["started_at"]?.stringValue
            else { throw RunStoreError.badManifest("stage \(name) is incomplete", run: run) }
            stages[stage] = StageEntry(
                status: status, startedAt: started, finishedAt: entry["finished_at"]?.stringValue,
                files: (entry["files"]?.objectValue ?? [:]).compactMapValues(\.stringValue), summary: entry["summary"])
        }
    }
}

/// A run folder is missing or not in the state a stage needs.
public enum RunStoreError: LocalizedError, Equatable {
    /// The manifest of run `run` cannot be read as one.
    case badManifest(String, run: String)
    case missingRun(String)
    /// The ledger knows the run (items wait in it) but its folder is gone.
    case lostFolder(String)
    case stageNotDone(String, Stage, Stage)

    public var errorDescription: String? {
        switch self {
        case .badManifest(let reason, let run):
            "the manifest of run \(run) (runs/\(run)/manifest.json) is damaged (\(reason)), so no stage of the run can go on: "
                + "restore the file from a copy of the workspace; 'qbsync status' shows what the ledger holds of run \(run)"
        case .missingRun(let id): "no run folder for run \(id): 'qbsync status' lists the runs"
        case .lostFolder(let id):
            "the folder of run \(id) is gone (runs/\(id)), though the ledger still holds its items: "
                + "'qbsync run --run \(id)' extracts the run again and finishes it"
        case .stageNotDone(let id, let stage, let needed):
            "run \(id): \(stage.rawValue) needs \(needed.rawValue) to have finished first: run 'qbsync \(needed.rawValue) --run \(id)'"
        }
    }
}

import Foundation

extension RunStoreError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
