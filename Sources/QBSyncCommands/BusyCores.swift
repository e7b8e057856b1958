import Foundation

/// Other processes keeping cores busy while `qbsync bench-load` measures, as on a clinic's
/// machine that also runs its backups: a shell spinning in a loop per core, killed with SIGKILL
/// when done (a blocked SIGTERM cannot keep it alive) and never given our output.
final class BusyCores {
    private var processes: [Process] = []

    /// Starts `count` spinning processes.
    init(count: Int) throws {
        for _ in 0..<count {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "while :; do :; done"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
    }

    /// Kills every process started here and waits for each to end.
    func stop() {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        processes.removeAll()
    }

    deinit { stop() }
}
