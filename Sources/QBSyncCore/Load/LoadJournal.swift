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
    /// Requests sent with no answer journaled after them, oldest first: a restart asks
    /// QuickBooks for what it kept of each before it looks their documents up.
    var openIntents: [OpenIntent] = []

    /// One request journaled as sent whose answer is not.
    struct OpenIntent: Equatable {
        var requestID: String
        var batch: String
        var attempt: Int
        /// The tags the request's items were sent under, with their `operationID`s.
        var items: [(bId: String, operation: String)]

        static func == (lhs: OpenIntent, rhs: OpenIntent) -> Bool {
            lhs.requestID == rhs.requestID && lhs.batch == rhs.batch && lhs.attempt == rhs.attempt
                && lhs.items.map(\.bId) == rhs.items.map(\.bId) && lhs.items.map(\.operation) == rhs.items.map(\.operation)
        }
    }

    init(events: [JSONValue]) {
        var sentBy: [String: [String]] = [:]
        var open: [String: OpenIntent] = [:]
        var order: [String] = []
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
                let bIds = (event["bIds"]?.arrayValue ?? []).compactMap(\.stringValue)
                if let batch = event["batch"]?.stringValue, let attempt = event["attempt"]?.intValue, bIds.count == operations.count {
                    if open[request] == nil { order.append(request) }
                    open[request] = OpenIntent(
                        requestID: request, batch: batch, attempt: attempt, items: Array(zip(bIds, operations)).map { ($0.0, $0.1) })
                }
                for (operation, token) in event["sync_tokens"]?.objectValue ?? [:] {
                    if let token = token.stringValue { sentTokens[operation] = token }
                }
            case "answer", "not-applied":
                uncertain.subtract(sentBy[request] ?? [])
                open[request] = nil
            default: break
            }
        }
        sentTokens = sentTokens.filter { uncertain.contains($0.key) }
        openIntents = order.compactMap { open[$0] }
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
