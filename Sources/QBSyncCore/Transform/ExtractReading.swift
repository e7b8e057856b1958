import Foundation
import QBSyncJSON

extension ExtractFiles {
    /// Every item's kind, by id (the catalogue is small).
    static func itemKinds(folder: RunFolder) throws -> [Int: String] {
        var kinds: [Int: String] = [:]
        try forEachChunk(folder: folder, entities: [OMSEntity.item.name]) { _, records in
            for record in records { if let kind = record.row["kind"]?.stringValue { kinds[record.ref.id] = kind } }
        }
        return kinds
    }
}

extension LeakCheck {
    /// The check for a run, from its extract read one file at a time.
    init(folder: RunFolder) throws {
        self.init()
        addReference((try? FileStore.readJSON(folder.file(.extract, "reference.json"))) ?? .object([:]))
        // A file's values at a time: the same needles, in the same order, as record by record.
        try ExtractFiles.forEachChunk(folder: folder) { _, records in absorb(Self.harvest(records)) }
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
    private var patients = DenseMap()

    /// Reads the run's return and write-off files for the sales they need.
    convenience init(folder: RunFolder) throws {
        var wanted: Set<Int> = []
        try ExtractFiles.forEachChunk(folder: folder, entities: [OMSEntity.return.name, OMSEntity.writeOff.name]) { _, records in
            for record in records { if let sale = record.row["sale_id"]?.intValue { wanted.insert(sale) } }
        }
        self.init(keeping: wanted)
    }

    /// Keeps the whole rows of the sales in `wanted` as they are registered.
    init(keeping wanted: Set<Int>) {
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

/// Reads a run's extract files in a given order, parsing the next file (and hashing its PHI
/// values for the leak check) on another thread while the stage maps the one in hand.
final class ChunkReadAhead: @unchecked Sendable {
    /// A file's records, their PHI values hashed for the leak check, and those values counted
    /// for `redaction.json`: all worked out here, off the transform's thread.
    typealias Chunk = (records: [ExtractedRecord], phi: LeakCheck.Harvest, held: RedactionReport)

    private let chunks: [ExtractChunk]
    private let folder: RunFolder
    private let queue = DispatchQueue(label: "qbsync.extract-read-ahead")
    private let lock = NSLock()
    private var ahead: (position: Int, chunk: Result<Chunk, Error>)?
    private var pending: DispatchWorkItem?

    init(chunks: [ExtractChunk], folder: RunFolder) {
        self.chunks = chunks
        self.folder = folder
    }

    /// The records of the file at `position` in the order, with their PHI values hashed;
    /// starts reading the next one.
    func chunk(at position: Int) throws -> Chunk {
        pending?.wait()
        let read = lock.withLock { () -> Result<Chunk, Error>? in
            defer { ahead = nil }
            return ahead?.position == position ? ahead?.chunk : nil
        }
        let chunk = try read?.get() ?? load(position)
        let next = position + 1
        if next < chunks.count {
            let item = DispatchWorkItem { [self] in
                let result = Result { try load(next) }
                lock.withLock { ahead = (next, result) }
            }
            pending = item
            queue.async(execute: item)
        }
        return chunk
    }

    private func load(_ position: Int) throws -> Chunk {
        let records = try ExtractFiles.records(in: chunks[position], folder: folder)
        var held = RedactionReport()
        for record in records { held.add(record) }
        return (records, LeakCheck.harvest(records), held)
    }
}

/// Int -> Int for keys that are mostly small and dense (OMS ids): an array a key up to a
/// limit (8 bytes each instead of a hash table's 30 or so), a dictionary beyond it.
struct DenseMap {
    private var slots: [Int] = []
    private var sparse: [Int: Int] = [:]
    private static let absent = Int.min
    /// Keys up to this many past the slots in use grow the array; farther ones go to the dictionary.
    private static let stretch = 1 << 20

    subscript(key: Int) -> Int? {
        get {
            if key >= 0, key < slots.count { return slots[key] == Self.absent ? nil : slots[key] }
            return sparse[key]
        }
        set {
            guard key >= 0, key < slots.count + Self.stretch, newValue != Self.absent else {
                sparse[key] = newValue
                return
            }
            if key >= slots.count {
                guard newValue != nil else { return }
                slots.append(contentsOf: repeatElement(Self.absent, count: key - slots.count + 1))
            }
            slots[key] = newValue ?? Self.absent
        }
    }
}
