import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real thing, where the built `qbsync` executable is at hand: a load process killed with
/// SIGKILL as its journal grows, again and again, then run to the end, leaves the books a clean
/// load leaves. Skipped when the executable has not been built beside the tests.
struct LoadKillTests {
    /// `qbsync` next to the test bundle (`.build/debug/qbsync`), if built.
    static var executable: URL? {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("qbsync")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    func journalLines(_ harness: PipelineHarness, run: String) -> Int {
        let url = harness.workspace.appendingPathComponent("runs/\(run)/3-load/journal.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Starts `qbsync load`, output to files (never the test's), and kills it with SIGKILL once
    /// the journal has `lines` more lines; returns false when it finished first.
    func loadKilled(after lines: Int, harness: PipelineHarness, run: String, executable: URL) async throws -> Bool {
        let logs = harness.folder.appendingPathComponent("kill-logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logs.appendingPathComponent("out").path, contents: nil)
        _ = FileManager.default.createFile(atPath: logs.appendingPathComponent("err").path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["load", "--run", run, "--pipeline", harness.pipelineURL.path]
        process.environment = harness.environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: logs.appendingPathComponent("out"))
        process.standardError = try FileHandle(forWritingTo: logs.appendingPathComponent("err"))
        let start = journalLines(harness, run: run)
        try process.run()
        // Watched from a thread of its own: the tests' shared threads may all be busy.
        let killed = await withCheckedContinuation { continuation in
            Thread {
                while process.isRunning && journalLines(harness, run: run) < start + lines { usleep(1_000) }
                let running = process.isRunning
                if running { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                continuation.resume(returning: running)
            }.start()
        }
        if !killed && process.terminationStatus != 0 {
            let errors = (try? String(contentsOf: logs.appendingPathComponent("err"), encoding: .utf8)) ?? ""
            Issue.record("qbsync load exited \(process.terminationStatus) by itself: \(errors.suffix(800))")
        }
        return killed
    }

    @Test(.enabled(if: LoadKillTests.executable != nil, "the qbsync executable is not built beside the tests"))
    func aLoadProcessKilledAgainAndAgainThenRunToTheEndPostsEveryDocumentOnce() async throws {
        let executable = try #require(Self.executable)
        let harness = try LoadCrashTests.clinic.harness(pipelineExtra: LoadCrashTests.pipeline) { sandbox, _ in
            sandbox.faults.ignoreRequestIDs = true
            sandbox.limits = .unlimited
            // A load that takes a little while, so that kills land inside it on a busy machine too.
            sandbox.faults.slowEvery = 2
            sandbox.faults.slowSeconds = 0.05
        }
        let run = try await harness.prepareRun()
        var kills = 0
        for lines in [1, 2, 1, 3, 2, 1, 4, 2, 3, 1, 5, 2] {
            if try await loadKilled(after: lines, harness: harness, run: run, executable: executable) { kills += 1 } else { break }
        }
        #expect(kills >= 3)
        #expect(await harness.qbsync("load", "--run", run) == 0)
        try await LoadCrashTests().expectSameBooks(harness, run: run, "\(kills) kills")
    }
}
