import Foundation
import GRDB
import GRDBSQLite

/// The change feed of one extract window, coalesced: for each entity, every id that changed in
/// `(after, upTo]` and the last operation on it. It holds ids and operations only (a few bytes a
/// change), never rows, so a window of years of history stays small.
struct OMSChangeWindow {
    /// Operation names, each kept once.
    private var operations: [String] = []
    /// Entity -> id -> index into `operations`.
    private var changes: [String: [Int: UInt8]] = [:]

    /// Reads the window in one pass over the feed in `seq` order (the feed's own order, so no
    /// sort): a later change to the same entity replaces the operation of an earlier one.
    ///
    /// Every row must be one the schema allows, in `seq` order inside the window: a row that is
    /// not (a damaged file reads as rows of NULLs, or out of order) stops the extract with
    /// `OMSError.damaged`, because skipping it would move the cursor past a change never read.
    init(oms: OMSDatabase, after cursor: Int, upTo limit: Int) throws {
        let entities = OMSRef.entities.map { Array($0.utf8) }
        var byEntity = [[Int: UInt8]](repeating: [:], count: entities.count)
        var operationBytes: [[UInt8]] = []
        try oms.read { db in
            let statement = try db.makeStatement(
                sql: "SELECT entity, entity_id, op, seq FROM change_log WHERE seq > ? AND seq <= ? ORDER BY seq")
            let rows = try Row.fetchCursor(statement, arguments: [cursor, limit])
            let sqlite = statement.sqliteStatement
            var previous = cursor
            while try rows.next() != nil {
                let seq = sqlite3_column_int64(sqlite, 3)
                guard sqlite3_column_type(sqlite, 3) == SQLITE_INTEGER, seq > previous, seq <= limit else {
                    throw OMSError.damaged(oms.path, "change_log has a row out of seq order after seq \(previous)")
                }
                previous = Int(seq)
                guard let entity = Self.text(sqlite, 0).flatMap({ Self.index(of: $0, in: entities) }),
                    sqlite3_column_type(sqlite, 1) == SQLITE_INTEGER,
                    let op = Self.text(sqlite, 2), Self.index(of: op, in: Self.allowedOperations) != nil
                else {
                    throw OMSError.damaged(oms.path, "change_log row seq \(seq) is not one its schema allows (entity, entity_id or op missing or unknown)")
                }
                let opIndex: Int
                if let known = Self.index(of: op, in: operationBytes) {
                    opIndex = known
                } else {
                    operationBytes.append(Array(op))
                    opIndex = operationBytes.count - 1
                }
                byEntity[entity][Int(sqlite3_column_int64(sqlite, 1))] = UInt8(opIndex)
            }
        }
        operations = operationBytes.map { String(decoding: $0, as: UTF8.self) }
        for (index, name) in OMSRef.entities.enumerated() where !byEntity[index].isEmpty {
            changes[name] = byEntity[index]
        }
    }

    /// The operations `change_log.op` may hold (its CHECK constraint).
    private static let allowedOperations = ["create", "update", "void", "delete"].map { Array($0.utf8) }

    /// Whether `ref` changed in the window (and was not taken yet).
    func contains(_ ref: OMSRef) -> Bool {
        changes[ref.entity]?[ref.id] != nil
    }

    /// The ids of `entity` that changed, each with its last operation; forgets them, so that
    /// the window shrinks as the extract goes through the entities.
    mutating func take(_ entity: String) -> OMSEntityChanges {
        OMSEntityChanges(codes: changes.removeValue(forKey: entity) ?? [:], operations: operations)
    }

    /// Where `text` is among `names` (compared as bytes: a million rows make a String each too dear).
    private static func index(of text: UnsafeBufferPointer<UInt8>, in names: [[UInt8]]) -> Int? {
        names.firstIndex { name in
            guard name.count == text.count else { return false }
            return name.withUnsafeBufferPointer { bytes in
                guard let a = bytes.baseAddress, let b = text.baseAddress else { return true }
                return memcmp(a, b, text.count) == 0
            }
        }
    }

    private static func text(_ statement: SQLiteStatement, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let start = sqlite3_column_text(statement, column) else { return nil }
        return UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }
}

/// One entity's changes in a window: each id with its last operation, kept as a one-byte code
/// (a few bytes an id, where a `String` would take sixteen more).
struct OMSEntityChanges {
    /// Id -> index into `operations`.
    fileprivate(set) var codes: [Int: UInt8]
    fileprivate(set) var operations: [String]

    /// The ids that changed.
    var ids: Dictionary<Int, UInt8>.Keys { codes.keys }

    /// The last operation on `id`, if it changed.
    func operation(_ id: Int) -> String? {
        codes[id].map { operations[Int($0)] }
    }
}
