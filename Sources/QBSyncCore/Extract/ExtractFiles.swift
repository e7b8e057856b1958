import Foundation
import QBSyncJSON

/// One record file of a run's extract (`sale-0003.json`): its entity, and the first and last
/// ids in it. Files of one entity hold ascending, non-overlapping id ranges, so a record is
/// found by its id without opening the others.
public struct ExtractChunk: Sendable, Equatable, Comparable {
    /// The change-feed entity of every record in the file.
    public var entity: String
    /// The file name inside `1-extract/`.
    public var file: String
    /// The smallest and largest record id in the file.
    public var firstID: Int
    public var lastID: Int
    /// How many records the file holds.
    public var count: Int

    public init(entity: String, file: String, firstID: Int, lastID: Int, count: Int) {
        self.entity = entity
        self.file = file
        self.firstID = firstID
        self.lastID = lastID
        self.count = count
    }

    /// Files in order: by entity, then by id (which past `-9999` is not the order of the names).
    public static func < (lhs: ExtractChunk, rhs: ExtractChunk) -> Bool {
        (lhs.entity, lhs.firstID) < (rhs.entity, rhs.firstID)
    }

    /// Whether `ref` would be in this file (if the run took it at all).
    public func covers(_ ref: OMSRef) -> Bool {
        ref.entity == entity && firstID <= ref.id && ref.id <= lastID
    }

    /// The entry `extract.json` lists the file with.
    var json: JSONValue {
        ["entity": .string(entity), "file": .string(file), "first_id": .int(firstID), "last_id": .int(lastID), "records": .int(count)]
    }

    init(json: JSONValue, run: String) throws {
        guard let entity = json["entity"]?.stringValue, let file = json["file"]?.stringValue, let first = json["first_id"]?.intValue,
            let last = json["last_id"]?.intValue, let count = json["records"]?.intValue
        else {
            throw ExtractError.badRecord("extract.json lists a chunk without entity, file, first_id, last_id or records", run: run)
        }
        self.init(entity: entity, file: file, firstID: first, lastID: last, count: count)
    }
}

/// Reads a run's `1-extract/` one record file at a time, so a stage's memory follows the chunk
/// size (`oms.chunk_size`), not the size of the run.
///
///     for chunk in try ExtractFiles.chunks(folder: folder, entity: "sale") {
///         let sales = try ExtractFiles.records(in: chunk, folder: folder)
///         ...
///     }
///
/// or `ExtractFiles.forEachChunk(folder:) { chunk, records in ... }` for every file in order.
public enum ExtractFiles {
    /// Every record file, by entity and then by id, as `extract.json` lists them; for an extract
    /// written before `extract.json` listed its files, read from the folder.
    public static func chunks(folder: RunFolder) throws -> [ExtractChunk] {
        let summary = folder.file(.extract, "extract.json")
        if FileManager.default.fileExists(atPath: summary.path), let listed = try FileStore.readJSON(summary)["chunks"]?.arrayValue {
            return try listed.map { try ExtractChunk(json: $0, run: folder.id) }.sorted()
        }
        return try recordFileNames(folder: folder).map { name -> ExtractChunk in
            let records = try records(file: name, folder: folder)
            let ids = records.map(\.ref.id)
            return ExtractChunk(
                entity: records.first?.ref.entity ?? String(name.prefix { $0 != "-" }), file: name, firstID: ids.min() ?? 0,
                lastID: ids.max() ?? 0, count: records.count)
        }.sorted()
    }

    /// The record files of one entity, ascending ids.
    public static func chunks(folder: RunFolder, entity: String) throws -> [ExtractChunk] {
        try chunks(folder: folder).filter { $0.entity == entity }
    }

    /// The file among `chunks` that would hold `ref`.
    public static func chunk(holding ref: OMSRef, in chunks: [ExtractChunk]) -> ExtractChunk? {
        chunks.first { $0.covers(ref) }
    }

    /// The records of one file, in id order.
    public static func records(in chunk: ExtractChunk, folder: RunFolder) throws -> [ExtractedRecord] {
        try records(file: chunk.file, folder: folder)
    }

    /// Calls `body` with each record file and its records, in file order, one file in memory
    /// at a time; with `entities`, only the files of those entities.
    public static func forEachChunk(
        folder: RunFolder, entities: Set<String>? = nil, _ body: (ExtractChunk, [ExtractedRecord]) throws -> Void
    ) throws {
        for chunk in try chunks(folder: folder) where entities?.contains(chunk.entity) ?? true {
            try body(chunk, try records(in: chunk, folder: folder))
        }
    }

    /// `reference.json`: the locations and payment methods, carried whole.
    public static func reference(folder: RunFolder) throws -> JSONValue {
        try FileStore.readJSON(folder.file(.extract, "reference.json"))
    }

    private static func records(file: String, folder: RunFolder) throws -> [ExtractedRecord] {
        let json = try FileStore.readJSON(folder.file(.extract, file))
        return try (json["records"]?.arrayValue ?? []).map { try ExtractedRecord(json: $0, run: folder.id) }
    }

    /// The record files in the folder: `<entity>-NNNN.json`.
    private static func recordFileNames(folder: RunFolder) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.folder(.extract).path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0.contains("-") && !$0.hasPrefix(".") }.sorted()
    }
}
