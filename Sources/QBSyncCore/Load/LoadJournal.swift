import Foundation
import QBSyncJSON

/// `3-load/journal.jsonl`: append-only, one JSON object a line, fsynced. Before a batch is sent
/// it records the intent and the request id; after, the answer; and each operation's result.
/// A load that restarts reads it to know what may already be in QuickBooks.
struct LoadJournal {
    let url: URL

    init(folder: RunFolder) throws {
        url = folder.file(.load, "journal.jsonl")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    }

    /// Appends one event durably.
    func append(_ event: JSONValue) throws {
        var line = ""
        JSONCompact.write(event, into: &line)
        line.append("\n")
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
