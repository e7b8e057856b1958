import Foundation
import GRDB
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox

/// A generated OMS, an in-process sandbox on loopback, a pipeline file and a workspace in a
/// temporary folder: what a user has after the README's demo, for one test.
final class PipelineHarness {
    let folder: URL
    let omsURL: URL
    let pipelineURL: URL
    let workspace: URL
    let sandbox: SandboxServer

    /// `configureSandbox` adjusts the sandbox before it starts, knowing the generated OMS (a test
    /// closes the books on a date the OMS has sales on, say).
    init(
        patients: Int = 12, days: Int = 20, seed: UInt64 = 11, broken: Bool = false, pipelineExtra: String = "",
        configureSandbox: ((inout SandboxConfiguration, URL) throws -> Void)? = nil
    ) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        omsURL = folder.appendingPathComponent("oms.sqlite")
        workspace = folder.appendingPathComponent("workspace")
        pipelineURL = folder.appendingPathComponent("e2e.toml")
        var options = SampleOptions()
        options.patients = patients
        options.days = days
        options.seed = seed
        options.broken = broken
        _ = try SampleGenerator.write(to: omsURL, options: options)
        var configuration = SandboxConfiguration()
        configuration.dataDirectory = folder.appendingPathComponent("sandbox")
        // Pipeline tests check what is posted, not pacing: with forty tests sharing two cores a
        // starved server sees the client's evenly paced requests arrive in bursts. Throttling
        // and pacing have their own tests.
        configuration.limits = .unlimited
        try configureSandbox?(&configuration, omsURL)
        sandbox = try SandboxServer(configuration: configuration)
        try sandbox.start()
        try """
            name = "e2e"
            workspace = "\(workspace.path)"
            [oms]
            database = "\(omsURL.path)"
            \(pipelineExtra)
            """.write(to: pipelineURL, atomically: true, encoding: .utf8)
    }

    deinit {
        sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The environment a user exports after starting the sandbox.
    var environment: [String: String] {
        let configuration = SandboxConfiguration()
        return [
            "QBSYNC_QBO_BASE_URL": sandbox.baseURL, "QBSYNC_QBO_TOKEN_URL": sandbox.tokenURL,
            "QBSYNC_QBO_AUTH_URL": sandbox.authorizeURL, "QBSYNC_QBO_REALM": configuration.realm,
            "QBSYNC_CLIENT_ID": configuration.clientID, "QBSYNC_CLIENT_SECRET": configuration.clientSecret,
            "QBSYNC_REFRESH_TOKEN": configuration.seedRefreshToken, "USER": "e2e-test",
        ]
    }

    /// Runs one qbsync command line in-process and returns its exit code.
    func qbsync(_ arguments: String...) async -> Int32 {
        await QBSync.run(arguments: arguments + ["--pipeline", pipelineURL.path], environment: environment)
    }

    /// Runs one qbsync command line in-process and returns its exit code and what it printed.
    func qbsyncOutput(_ arguments: String..., user: String? = nil) async -> (code: Int32, out: String, err: String) {
        await qbsyncOutput(arguments, user: user)
    }

    /// `qbsyncOutput` with the arguments as an array.
    func qbsyncOutput(_ arguments: [String], user: String? = nil) async -> (code: Int32, out: String, err: String) {
        let capture = OutputCapture()
        var environment = environment
        if let user { environment["USER"] = user }
        let code = await QBSync.run(arguments: arguments + ["--pipeline", pipelineURL.path], environment: environment, capture: capture)
        return (code, capture.standardOutput, capture.standardError)
    }

    /// The newest run's folder.
    var latestRun: URL {
        let runs = workspace.appendingPathComponent("runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return runs.appendingPathComponent(names.sorted().last ?? "none")
    }

    /// Reads the OMS directly (as the test's own oracle).
    func oms<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseQueue(path: omsURL.path).read(body)
    }

    /// Every file's text under `url`, for PHI scans.
    func texts(under url: URL) -> [(String, String)] {
        FileStore.files(under: url, relativeTo: url).compactMap { path in
            guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(path).path) else { return nil }
            return (path, String(decoding: data, as: UTF8.self))
        }
    }
}
