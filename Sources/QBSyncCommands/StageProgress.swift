import Foundation
import QBSyncCore
import QBSyncJSON

/// Progress on stderr while `qbsync run` works, for a person at a terminal: the stage in hand,
/// and for the load a bar of batches answered (read from the load's journal, so the load itself
/// knows nothing of it). Silent when stderr is not a terminal (cron, systemd, a pipe), so logs
/// hold only the summary and real warnings.
struct StageProgress: PipelineProgress {
    let enabled: Bool
    let color: Bool

    init(terminal: Terminal) {
        enabled = terminal.progressOnStderr
        color = terminal.color
    }

    /// Runs `body` with `stage…` shown meanwhile.
    func during<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        show("qbsync: \(stage)…")
        defer { clear() }
        return try body()
    }

    /// Runs the load with a bar of `batches` batches, polling the journal five times a second.
    func duringLoad<T>(_ folder: RunFolder, batches: Int, _ body: () async throws -> T) async rethrows -> T {
        guard enabled, batches > 0 else { return try await body() }
        let watcher = Task {
            while !Task.isCancelled {
                draw(done: Self.answeredBatches(folder), of: batches)
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        defer {
            watcher.cancel()
            clear()
        }
        return try await body()
    }

    /// The batches the journal has an answer or results for.
    static func answeredBatches(_ folder: RunFolder) -> Int {
        guard let data = FileManager.default.contents(atPath: folder.file(.load, "journal.jsonl").path) else { return 0 }
        var batches: Set<String> = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let event = try? JSONParser.parse(String(line)), let batch = event["batch"]?.stringValue else { continue }
            if ["answer", "results"].contains(event["event"]?.stringValue ?? "") { batches.insert(batch) }
        }
        return batches.count
    }

    private func draw(done: Int, of total: Int) {
        let width = 30
        let filled = min(width, done * width / max(total, 1))
        var bar = String(repeating: "█", count: filled)
        if color { bar = "\u{1B}[32m" + bar + "\u{1B}[0m" }
        show("qbsync: load [\(bar)\(String(repeating: "·", count: width - filled))] \(min(done, total))/\(total) batches")
    }

    private func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    private func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
