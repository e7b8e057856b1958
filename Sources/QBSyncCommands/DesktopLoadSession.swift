import Foundation
import QBSyncCore
import QBSyncWebConnector

/// What `qbsync load` does on a desktop pipeline: serves the Web Connector's endpoint for as
/// long as the load runs, with the load's `DesktopLoadWork` behind it, and gives up waiting
/// after `--wait` seconds (exit code 3: nothing lost, the next load goes on where this stopped).
struct DesktopLoadSession {
    let context: CommandContext
    let run: String
    let waitSeconds: Int
    /// What the pipeline shows while it runs (the nightly's stage progress).
    var progress: any PipelineProgress = SilentProgress()

    /// Checks the Web Connector settings before anything is read or sent (exit code 2).
    func settings() throws -> (WebConnectorSettings, ListenAddress) {
        try DesktopEndpointSettings.read(context.environment.variables) { reason in
            DesktopLoadSetupError(run: run, reason: "\(reason), then 'qbsync load --run \(run)' again")
        }
    }

    /// Loads the run through the Web Connector.
    func load(takeOverLock: Bool) async throws -> LoadResult {
        try await serve(answers: context.settings.workspace.appendingPathComponent("runs/\(run)/3-load/answers")) { pipeline in
            try await pipeline.load(run, takeOverLock: takeOverLock)
        }
    }

    /// Runs `body` on a pipeline whose Desktop load goes through the endpoint served meanwhile;
    /// answers are kept in `answers` before they are acknowledged.
    func serve<T>(answers: URL, _ body: (SyncPipeline) async throws -> T) async throws -> T {
        let endpoint = try settings()
        let work = DesktopLoadWork { id, answer in
            // Kept before the Web Connector hears the acknowledgement: a crash after it loses nothing.
            try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
            try FileStore.writeAtomically(Array(answer.utf8), to: answers.appendingPathComponent("\(id).qbxml"))
        }
        return try await DesktopEndpointSettings.serve(
            work, at: endpoint, context: context, waitSeconds: waitSeconds,
            expiry: "the Web Connector did not take every message set within \(waitSeconds) s",
            busyHint: "if 'qbsync webconnector' serves this workspace, stop it while this load runs",
            problem: { DesktopLoadSetupError(run: run, reason: $0) },
            waited: { DesktopLoadWaiting(run: run, seconds: waitSeconds) }
        ) {
            var pipeline = context.pipeline(progress: progress)
            pipeline.desktopTransport = work
            let result = try await body(pipeline)
            await DesktopBooksRefresh(context: context).after(work)
            return result
        }
    }
}

/// Whether the `--wait` time passed.
final class WaitExpiry: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func fire() { lock.withLock { done = true } }
    var fired: Bool { lock.withLock { done } }
}

/// A desktop load that cannot serve the Web Connector: refused before anything is sent (exit code 2).
struct DesktopLoadSetupError: LocalizedError, ExitStatusError {
    var run: String
    var reason: String
    var exitStatus: ExitStatus { .configuration }
    var errorDescription: String? { "run \(run) was not loaded: \(reason). Nothing was sent." }
}

/// `--wait` passed before QuickBooks took every set (exit code 3): what was answered is kept.
struct DesktopLoadWaiting: LocalizedError, ExitStatusError {
    var run: String
    var seconds: Int
    var exitStatus: ExitStatus { .blocked }
    var errorDescription: String? {
        "run \(run): waiting for QuickBooks: the Web Connector did not take every message set within \(seconds) s. Nothing is lost: "
            + "open QuickBooks on the company file and let the Web Connector update, then 'qbsync load --run \(run)' again to go on where this stopped."
    }
}

extension CommandContext {
    /// The newest run of the workspace, by its id (ids sort by time).
    var latestRunID: String? {
        let runs = settings.workspace.appendingPathComponent("runs")
        return ((try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted().last
    }
}
