import Foundation
import QBSyncJSON

/// Writes `1-extract/`: one file per entity kind and chunk (`sale-0001.json`, at most
/// `chunkSize` records each, by id), `reference.json` (locations, payment methods) and
/// `extract.json` (the window and the counts). The folder holds PHI: owner-only.
struct ExtractWriter {
    let folder: RunFolder
    let chunkSize: Int

    /// Writes every file; returns how many record files there are.
    func write(_ records: [ExtractedRecord], reference: JSONValue, run: RunRecord, patientsLeftOut: Int) throws -> Int {
        var files = 0
        var counts: [String: JSONValue] = [:]
        for (entity, group) in Dictionary(grouping: records, by: \.ref.entity) {
            let sorted = group.sorted { $0.ref < $1.ref }
            for (index, start) in stride(from: 0, to: sorted.count, by: chunkSize).enumerated() {
                let chunk = sorted[start..<min(start + chunkSize, sorted.count)]
                let name = "\(entity)-" + String(format: "%04d", index + 1) + ".json"
                try FileStore.writeJSON(
                    ["entity": .string(entity), "records": .array(chunk.map(\.json))], to: folder.file(.extract, name), mode: 0o600)
                files += 1
            }
            var byReason: [String: JSONValue] = [:]
            for (reason, members) in Dictionary(grouping: group, by: \.reason) { byReason[reason.rawValue] = .int(members.count) }
            counts[entity] = .object(byReason)
        }
        try FileStore.writeJSON(reference, to: folder.file(.extract, "reference.json"), mode: 0o600)
        let summary: JSONValue = [
            "run": .string(run.id),
            "pipeline": .string(run.pipeline),
            "cursor_from": .int(run.cursorFrom),
            "cursor_to": .int(run.cursorTo),
            "records": .object(counts),
            "patients_left_out": .int(patientsLeftOut),
        ]
        try FileStore.writeJSON(summary, to: folder.file(.extract, "extract.json"), mode: 0o600)
        return files
    }

    /// Reads every record file of a run's extract, in file order.
    static func readRecords(folder: RunFolder) throws -> [ExtractedRecord] {
        let directory = folder.folder(.extract)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var records: [ExtractedRecord] = []
        for name in names.sorted() where name.hasSuffix(".json") && name.contains("-") && name != "reference.json" {
            let file = try FileStore.readJSON(directory.appendingPathComponent(name))
            for record in file["records"]?.arrayValue ?? [] { records.append(try ExtractedRecord(json: record)) }
        }
        return records
    }
}
