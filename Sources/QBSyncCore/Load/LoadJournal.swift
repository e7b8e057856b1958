import Foundation
import QBSyncJSON

/// `3-load/journal.jsonl`: append-only, one JSON object a line, fsynced. Before a batch is sent
/// it records the intent, the request id and the SyncTokens sent; after, the answer together
/// with each operation's result (one line, so a crash cannot keep one without the other).
/// A load that restarts reads it to know what is done and what may already be in QuickBooks.
struct LoadJournal {
    let url: URL

    init(folder: RunFolder) throws {
        url = folder.file(.load, "journal.jsonl")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // A crash mid-line leaves a torn last line; the next event must not be glued onto it.
        if let data = FileManager.default.contents(atPath: url.path), let last = data.last, last != UInt8(ascii: "\n") {
            try appendRaw("\n")
        }
    }

    /// Appends one event durably.
    func append(_ event: JSONValue) throws {
        var line = ""
        JSONCompact.write(event, into: &line)
        line.append("\n")
        try appendRaw(line)
    }

    private func appendRaw(_ line: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw FileStoreError.cannotWrite(url.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw FileStoreError.cannotWrite(url.path, String(cString: strerror(errno)))
        }
    }

    /// Every event so far (a torn last line from a crash is ignored).
    func events() -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }
}

/// What a journal says about a load so far: the operations already done (a result that is not
/// a failure), and the batches whose outcome is unknown (an intent or an uncertain answer with no
/// answer after it: a crash, a lost answer), with the SyncToken each of their updates, voids and
/// deletes was sent with, so a restart can tell whether it applied.
struct LoadJournalState: Equatable {
    /// Every planned operation (by `OperationResult.planID`) with a result that is not a failure.
    var completed: Set<String> = []
    /// batch file -> bId -> the SyncToken sent (creates have none).
    var uncertain: [String: [String: String]] = [:]

    init(events: [JSONValue]) {
        var tokens: [String: [String: String]] = [:]
        var open: Set<String> = []
        for event in events {
            for result in (event["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:)) {
                if result.failed { completed.remove(result.planID) } else { completed.insert(result.planID) }
            }
            guard let batch = event["batch"]?.stringValue else { continue }
            switch event["event"]?.stringValue {
            case "intent":
                open.insert(batch)
                for (bId, token) in event["sync_tokens"]?.objectValue ?? [:] {
                    if let token = token.stringValue { tokens[batch, default: [:]][bId] = token }
                }
            case "uncertain": open.insert(batch)
            case "answer", "not-applied": open.remove(batch)
            default: break
            }
        }
        for batch in open { uncertain[batch] = tokens[batch] ?? [:] }
    }
}

/// One-line JSON for journal events (sorted keys, like every file qbsync writes).
enum JSONCompact {
    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .object(let members):
            out.append("{")
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(",") }
                JSONWriter.appendQuoted(key, into: &out)
                out.append(":")
                write(members[key]!, into: &out)
            }
            out.append("}")
        case .array(let elements):
            out.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(",") }
                write(element, into: &out)
            }
            out.append("]")
        default:
            out.append(JSONWriter.pretty(value).dropLast().description)
        }
    }
}
