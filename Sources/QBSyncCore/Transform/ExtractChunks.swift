import Foundation
import QBSyncJSON

/// The record files of a run's extract (`sale-0001.json`...), read one file at a time so a
/// stage holds one chunk of records, never the whole history.
struct ExtractChunks {
    let folder: RunFolder

    /// The record files of `entity`, in chunk order.
    func files(of entity: String) -> [String] {
        let directory = folder.folder(.extract)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            guard name.hasPrefix(entity + "-"), name.hasSuffix(".json") else { return false }
            let number = name.dropFirst(entity.count + 1).dropLast(".json".count)
            return !number.isEmpty && number.allSatisfy(\.isNumber)
        }.sorted()
    }

    /// The records of one file.
    func records(in name: String) throws -> [ExtractedRecord] {
        let file = try FileStore.readJSON(folder.file(.extract, name))
        return try (file["records"]?.arrayValue ?? []).map(ExtractedRecord.init(json:))
    }
}

extension ExtractChunks {
    /// Every item's kind, by id (the catalogue is small).
    func itemKinds() throws -> [Int: String] {
        var kinds: [Int: String] = [:]
        for file in files(of: "item") {
            for record in try records(in: file) {
                if let kind = record.row["kind"]?.stringValue { kinds[record.ref.id] = kind }
            }
        }
        return kinds
    }
}

extension LeakCheck {
    /// The check for a run, from its extract read one file at a time.
    init(folder: RunFolder) throws {
        self.init()
        addReference((try? FileStore.readJSON(folder.file(.extract, "reference.json"))) ?? .object([:]))
        let chunks = ExtractChunks(folder: folder)
        for entity in OMSRef.entities {
            for file in chunks.files(of: entity) {
                for record in try chunks.records(in: file) { add(record) }
            }
        }
    }
}

/// The sale rows a run carries, found by id without holding them all: the transform registers
/// each sale file's id range as it passes, and a payment, return or write-off that needs its
/// sale reads that file back (the few most recent files stay parsed, and payments mostly follow
/// their sales).
final class SaleRows {
    private let chunks: ExtractChunks
    private var ranges: [(first: Int, last: Int, file: String)] = []
    private var parsed: [(file: String, rows: [Int: JSONValue])] = []
    private static let keptFiles = 4

    init(chunks: ExtractChunks) { self.chunks = chunks }

    /// Records that `file` holds the sales `records` (in id order) and keeps them parsed.
    func register(file: String, records: [ExtractedRecord]) {
        guard let first = records.first?.ref.id, let last = records.last?.ref.id else { return }
        ranges.append((first, last, file))
        keep(file: file, rows: Self.rows(records))
    }

    /// The sale's row as the extract has it, or nil when the run does not carry it (or the OMS
    /// no longer has it). A damaged file reads as absent: the record that needs the sale fails,
    /// naming it.
    func row(_ id: Int) -> JSONValue? {
        guard let range = ranges.first(where: { $0.first <= id && id <= $0.last }) else { return nil }
        if let index = parsed.firstIndex(where: { $0.file == range.file }) { return parsed[index].rows[id] }
        guard let records = try? chunks.records(in: range.file) else { return nil }
        let rows = Self.rows(records)
        keep(file: range.file, rows: rows)
        return rows[id]
    }

    private func keep(file: String, rows: [Int: JSONValue]) {
        parsed.removeAll { $0.file == file }
        parsed.append((file, rows))
        if parsed.count > Self.keptFiles { parsed.removeFirst() }
    }

    private static func rows(_ records: [ExtractedRecord]) -> [Int: JSONValue] {
        var rows: [Int: JSONValue] = [:]
        for record in records where record.row != .null { rows[record.ref.id] = record.row }
        return rows
    }
}
