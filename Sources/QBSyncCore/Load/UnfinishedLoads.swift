import Foundation

/// Runs whose load started and did not finish: killed (its manifest still says running) or
/// stopped (partial: QuickBooks unreachable, a login needed). The nightly finishes them first,
/// from their own journals, before it extracts anything new; a new run must never plan their
/// documents again, as one of them may be in QuickBooks unrecorded.
public enum UnfinishedLoads {
    /// The ids of such runs in the workspace, oldest first.
    public static func runs(settings: PipelineSettings) throws -> [String] {
        let runs = settings.workspace.appendingPathComponent("runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return try names.sorted().filter { name in
            let folder = RunFolder(workspace: settings.workspace, id: name)
            guard FileManager.default.fileExists(atPath: folder.manifestURL.path) else { return false }
            let stages = try folder.manifest(pipeline: settings.name).stages
            guard stages[.transform]?.status == .done, let load = stages[.load]?.status else { return false }
            return load == .running || load == .partial
        }
    }
}
