import Foundation
import QBSyncJSON

/// One run's folder: `runs/<RUN_ID>/` with `manifest.json` and a folder per stage.
public struct RunFolder: Sendable {
    public let id: String
    public let url: URL

    /// The run folder `id` inside `workspace`.
    public init(workspace: URL, id: String) {
        self.id = id
        self.url = workspace.appendingPathComponent("runs").appendingPathComponent(id)
    }

    /// The folder of one stage.
    public func folder(_ stage: Stage) -> URL { url.appendingPathComponent(stage.folderName, isDirectory: true) }

    /// A file inside a stage's folder. Said to be no directory, so that making the URL asks the
    /// file system nothing: the transform names tens of thousands of batch files.
    public func file(_ stage: Stage, _ name: String) -> URL { folder(stage).appendingPathComponent(name, isDirectory: false) }

    public var manifestURL: URL { url.appendingPathComponent("manifest.json") }

    /// Whether the run folder exists.
    public var exists: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Empties a stage's folder before the stage writes it again (the extract folder holds PHI:
    /// owner-only; so is `runs/`, whatever the umask).
    public func prepare(_ stage: Stage) throws {
        try OwnerOnly.directory(url.deletingLastPathComponent())
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileStore.recreateDirectory(folder(stage), mode: stage == .extract ? 0o700 : 0o755)
    }

    /// The manifest as it is on disk, or a new one.
    public func manifest(pipeline: String) throws -> RunManifest {
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            return RunManifest(run: id, pipeline: pipeline, stages: [:])
        }
        do {
            return try RunManifest(json: try FileStore.readJSON(manifestURL))
        } catch RunStoreError.badManifest(let reason, _) {
            // The folder says which run it is, even when the file does not.
            throw RunStoreError.badManifest(reason, run: id)
        }
    }

    /// Records that `stage` finished with `status`: the SHA-256 of every file it wrote, its times,
    /// and later stages marked stale (their inputs changed). `digests` (path inside the run
    /// folder -> SHA-256) are those the stage took from the bytes as it wrote them; any other
    /// file in the stage's folder is read and hashed here.
    @discardableResult
    public func recordStage(
        _ stage: Stage, status: RunManifest.Status, pipeline: String, startedAt: String, finishedAt: String,
        summary: JSONValue? = nil, digests: [String: String] = [:]
    ) throws -> RunManifest {
        var manifest = try manifest(pipeline: pipeline)
        var files: [String: String] = [:]
        for path in FileStore.files(under: folder(stage), relativeTo: url) {
            files[path] = try digests[path] ?? FileStore.sha256(of: url.appendingPathComponent(path))
        }
        manifest.stages[stage] = RunManifest.StageEntry(
            status: status, startedAt: startedAt, finishedAt: finishedAt, files: files, summary: summary)
        for later in stage.later where manifest.stages[later] != nil {
            manifest.stages[later]?.status = .stale
        }
        try FileStore.writeJSON(manifest.json, to: manifestURL)
        return manifest
    }

    /// Marks `stage` as running (so a crash leaves a visible trace) without touching its files.
    public func markRunning(_ stage: Stage, pipeline: String, startedAt: String) throws {
        var manifest = try manifest(pipeline: pipeline)
        var entry = manifest.stages[stage] ?? RunManifest.StageEntry(status: .running, startedAt: startedAt)
        entry.status = .running
        entry.startedAt = startedAt
        entry.finishedAt = nil
        manifest.stages[stage] = entry
        try FileStore.writeJSON(manifest.json, to: manifestURL)
    }
}
