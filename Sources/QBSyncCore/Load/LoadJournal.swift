import Foundation
import QBSyncJSON

/// `3-load/journal.jsonl`: append-only, one JSON object a line, fsynced. Before a batch is sent
/// it records the intent, the request id and the SyncTokens sent; after, the answer together
/// with each operation's result (one line, so a crash cannot keep one without the other).
/// Every event carries `at_ms`, when it was written (milliseconds since 1970), so a restart
/// knows which requests QuickBooks still counts against the company's limits.
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

    /// Appends one event durably, stamped with the time.
    func append(_ event: JSONValue, at time: Date = Date()) throws {
        var stamped = event
        if case .object = event, event["at_ms"] == nil { stamped["at_ms"] = .int(Int((time.timeIntervalSince1970 * 1000).rounded())) }
        var line = ""
        JSONCompact.write(stamped, into: &line)
        line.append("\n")
        try appendRaw(line)
    }

    private func appendRaw(_ line: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw FileStoreError.writing(url.path, errno: errno)
        }
    }

    /// Every event so far (a torn last line from a crash is ignored).
    func events() -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }
}

/// What a journal says about a load so far: the operations already done (a result that is not
/// a failure), and those sent without a known outcome (in an intent with no answer after it: a
/// crash, a lost answer), with the SyncToken each update, void or delete was sent with, so a
/// restart can tell whether it applied. Operations are named by `OperationResult.operationID`,
/// which survives a transform run again (batch files are renumbered then).
struct LoadJournalState: Equatable {
    /// `OperationResult.doneID`s of results that are not failures.
    var completed: Set<String> = []
    /// Operations sent whose outcome is unknown.
    var uncertain: Set<String> = []
    /// The SyncToken each uncertain update, void or delete was last sent with.
    var sentTokens: [String: String] = [:]

    init(events: [JSONValue]) {
        var sentBy: [String: [String]] = [:]
        for event in events {
            for result in (event["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:)) {
                if result.failed { completed.remove(result.doneID) } else { completed.insert(result.doneID) }
            }
            let request = event["request_id"]?.stringValue ?? ""
            switch event["event"]?.stringValue {
            case "intent":
                let operations = (event["operations"]?.arrayValue ?? []).compactMap(\.stringValue)
                sentBy[request] = operations
                uncertain.formUnion(operations)
                for (operation, token) in event["sync_tokens"]?.objectValue ?? [:] {
                    if let token = token.stringValue { sentTokens[operation] = token }
                }
            case "answer", "not-applied":
                uncertain.subtract(sentBy[request] ?? [])
            default: break
            }
        }
        sentTokens = sentTokens.filter { uncertain.contains($0.key) }
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
