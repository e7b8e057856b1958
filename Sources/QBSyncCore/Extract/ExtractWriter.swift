import Foundation
import QBSyncJSON

/// Writes `1-extract/` as the extract goes: one file per entity kind and chunk (`sale-0001.json`,
/// at most `oms.chunk_size` records each, by id), then `reference.json` (locations, payment methods)
/// and `extract.json` (the window, the counts and the list of chunk files). The folder holds
/// PHI: owner-only, every file 0600, each written atomically.
///
/// A record file is JSON with one record a line, keys sorted, so that it streams, diffs by
/// record and is the same bytes for the same window:
///
///     {"entity":"sale","records":[
///     {"op":"update","ref":"sale:1","row":{"due_date":null,"id":1,"lines":[...],...},"why":"changed"},
///     ...
///     ]}
///
/// The writer builds each file's bytes; `sink` hashes and writes them on its own threads (the
/// SHA-256 for the manifest comes from those bytes, not from reading the file again).
struct ExtractWriter {
    let folder: RunFolder
    let sink: ExtractFileSink
    /// The record files written so far, in the order written.
    private(set) var chunks: [ExtractChunk] = []
    /// How many record files each entity has so far.
    private var filesPerEntity: [String: Int] = [:]

    init(folder: RunFolder, sink: ExtractFileSink) {
        self.folder = folder
        self.sink = sink
    }

    /// Writes the next record file of `entity`: `records` (ascending ids, one chunk)
    /// with their rows from `rows` (null where the OMS no longer has the record).
    mutating func writeChunk(entity: String, records: ArraySlice<SelectedRecord>, rows: RecordRows) throws {
        guard let first = records.first, let last = records.last else { return }
        let number = filesPerEntity[entity, default: 0] + 1
        filesPerEntity[entity] = number
        let name = "\(entity)-" + String(format: "%04d", number) + ".json"
        var json = RowJSONWriter(capacity: rows.json.count + records.count * 80 + 64)
        json.append("{\"entity\":")
        json.append(quoted: entity)
        json.append(",\"records\":[\n")
        for (index, record) in records.enumerated() {
            if index > 0 { json.append(",\n") }
            json.append("{\"op\":")
            if let op = record.op { json.append(quoted: op) } else { json.append("null") }
            json.append(",\"ref\":")
            json.append(quoted: "\(entity):\(record.id)")
            json.append(",\"row\":")
            if let range = rows.rows[record.id] { json.append(rows.json, range) } else { json.append("null") }
            json.append(",\"why\":")
            json.append(quoted: record.reason.rawValue)
            json.append(ascii: "}")
        }
        json.append("\n]}\n")
        try write(json.bytes, name: name)
        chunks.append(ExtractChunk(entity: entity, file: name, firstID: first.id, lastID: last.id, count: records.count))
    }

    /// Writes `reference.json` and `extract.json`, which lists the record files; call it last.
    /// `counts` is entity -> reason -> records.
    func finish(reference: JSONValue, run: RunRecord, counts: [String: [ExtractReason: Int]], patientsLeftOut: Int) throws {
        try write(JSONWriter.prettyData(reference), name: "reference.json")
        let summary: JSONValue = [
            "run": .string(run.id),
            "pipeline": .string(run.pipeline),
            "cursor_from": .int(run.cursorFrom),
            "cursor_to": .int(run.cursorTo),
            "records": .object(
                counts.mapValues { byReason in
                    .object(Dictionary(uniqueKeysWithValues: byReason.map { ($0.key.rawValue, .int($0.value)) }))
                }),
            "patients_left_out": .int(patientsLeftOut),
            "chunks": .array(chunks.sorted().map(\.json)),
        ]
        try write(JSONWriter.prettyData(summary), name: "extract.json")
    }

    private func write(_ bytes: [UInt8], name: String) throws {
        try sink.write(bytes, to: folder.file(.extract, name), mode: 0o600, key: Stage.extract.folderName + "/" + name)
    }

    /// Reads every record file of a run's extract, in file order: the whole extract in memory.
    /// A stage that can work a file at a time uses `ExtractFiles.forEachChunk` instead.
    static func readRecords(folder: RunFolder) throws -> [ExtractedRecord] {
        var records: [ExtractedRecord] = []
        try ExtractFiles.forEachChunk(folder: folder) { _, chunk in records += chunk }
        return records
    }
}
