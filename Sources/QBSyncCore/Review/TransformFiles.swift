import Foundation

/// A file of `2-transform/` that differs from what was recorded (by the transform, a
/// validation or an approval).
public struct FileDifference: Sendable, Equatable {
    public enum Change: String, Sendable {
        case changed, added, removed
    }

    /// Relative to the run folder: `2-transform/batches/0003.json`.
    public var path: String
    public var change: Change

    public init(path: String, change: Change) {
        self.path = path
        self.change = change
    }

    /// `2-transform/batches/0003.json changed`.
    public var description: String { "\(path) \(change == .changed ? "changed" : change == .added ? "was added" : "was removed")" }
}

/// The checksums of a run's `2-transform/` folder, and how they differ from a recorded set.
public enum TransformFiles {
    /// The SHA-256 of every file in `2-transform/`, keyed like the manifest
    /// (`2-transform/batches/0001.json`).
    public static func checksums(_ folder: RunFolder) throws -> [String: String] {
        var files: [String: String] = [:]
        for path in FileStore.files(under: folder.folder(.transform), relativeTo: folder.url) {
            files[path] = SHA256.hex(try FileStore.read(folder.url.appendingPathComponent(path)))
        }
        return files
    }

    /// What differs between `recorded` and `current`, in path order.
    public static func differences(recorded: [String: String], current: [String: String]) -> [FileDifference] {
        var differences: [FileDifference] = []
        for path in Set(recorded.keys).union(current.keys).sorted() {
            switch (recorded[path], current[path]) {
            case (nil, _): differences.append(FileDifference(path: path, change: .added))
            case (_, nil): differences.append(FileDifference(path: path, change: .removed))
            case (let old?, let new?) where old != new: differences.append(FileDifference(path: path, change: .changed))
            default: break
            }
        }
        return differences
    }

    /// How the files differ from what the manifest recorded for the transform (hand edits not
    /// yet validated).
    public static func unvalidatedEdits(_ folder: RunFolder, pipeline: String) throws -> [FileDifference] {
        let recorded = try folder.manifest(pipeline: pipeline).stages[.transform]?.files ?? [:]
        return differences(recorded: recorded, current: try checksums(folder))
    }

    /// Whether the load reads the file at `path` (relative to the run folder): plan.json and
    /// the batch files, not the review pages beside them.
    static func loadReads(_ path: String) -> Bool {
        path == "2-transform/plan.json" || path.hasPrefix("2-transform/batches/")
    }

    /// Records `files` as the transform's files in the manifest (after a validated hand edit),
    /// keeping the stage's status and times and noting when and what was validated.
    static func recordValidated(_ folder: RunFolder, pipeline: String, files: [String: String], edited: [String], at time: String)
        throws
    {
        var manifest = try folder.manifest(pipeline: pipeline)
        guard var entry = manifest.stages[.transform] else { return }
        entry.files = files
        var summary = entry.summary?.objectValue ?? [:]
        summary["validated_at"] = .string(time)
        var history = Set(summary["hand_edited"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        history.formUnion(edited)
        summary["hand_edited"] = .array(history.sorted().map { .string($0) })
        entry.summary = .object(summary)
        manifest.stages[.transform] = entry
        try FileStore.writeJSON(manifest.json, to: folder.manifestURL)
    }
}
