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

/// What later records need of the run's sales, kept as the sales pass without holding every
/// sale: each sale's patient (a payment pays only its own customer's invoices), and the whole
/// row only of the sales a return or write-off in the run belongs to (their credit memos copy
/// the sale's lines). Those few are known up front from the return and write-off files.
final class SaleRows {
    private let wanted: Set<Int>
    private var kept: [Int: JSONValue] = [:]
    /// Sale id -> patient id (-1 when the row has none).
    private var patients: [Int: Int] = [:]

    /// Reads the return and write-off files of `chunks` for the sales they need.
    init(chunks: ExtractChunks) throws {
        var wanted: Set<Int> = []
        for entity in ["return", "write_off"] {
            for file in chunks.files(of: entity) {
                for record in try chunks.records(in: file) {
                    if let sale = record.row["sale_id"]?.intValue { wanted.insert(sale) }
                }
            }
        }
        self.wanted = wanted
    }

    /// Takes note of one file's sales as the transform passes them.
    func register(_ records: [ExtractedRecord]) {
        for record in records where record.row != .null {
            patients[record.ref.id] = record.row["patient_id"]?.intValue ?? -1
            if wanted.contains(record.ref.id) { kept[record.ref.id] = record.row }
        }
    }

    /// Whether the run carries the sale.
    func contains(_ id: Int) -> Bool { patients[id] != nil }

    /// The patient the sale is billed to.
    func patientID(of id: Int) -> Int? { patients[id].flatMap { $0 < 0 ? nil : $0 } }

    /// The sale's whole row, for the sales a return or write-off of the run belongs to.
    func row(_ id: Int) -> JSONValue? { kept[id] }
}
