import Foundation
import GRDB
import QBSyncJSON

/// One entity's coalesced changes in an extract window: the last operation and its `seq`.
public struct OMSChange: Sendable, Equatable {
    public var ref: OMSRef
    public var op: String
    public var seq: Int
}

/// Reads the OMS accounting export database. Opened read-only: the pipeline never writes it and
/// never holds a write lock; each read is its own short transaction, so the OMS keeps writing.
public final class OMSDatabase: @unchecked Sendable {
    let queue: DatabaseQueue
    /// The file it reads.
    public let path: String

    /// The table each change-feed entity lives in.
    static let tables = [
        "patient": "patients", "payer": "payers", "item": "items", "sale": "sales", "payment": "payments",
        "return": "returns", "refund": "refunds", "write_off": "write_offs",
    ]

    /// Opens `path` read-only; throws a message naming the setting when it is missing.
    public init(path: String) throws {
        self.path = path
        guard !path.isEmpty else { throw OMSError.notConfigured }
        guard FileManager.default.fileExists(atPath: path) else { throw OMSError.missing(path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try db.tableExists("change_log") ? 1 : 0 }
        } catch {
            throw OMSError.unreadable(path, "\(error)")
        }
        let hasChangeLog = try queue.read { db in try db.tableExists("change_log") }
        guard hasChangeLog else { throw OMSError.notAnOMS(path) }
    }

    /// The highest `seq` in the change feed now (0 when empty).
    public func maxSeq() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change_log") ?? 0 }
    }

    /// Every entity changed in `(after, upTo]`, coalesced to its last operation, in ref order.
    public func changes(after cursor: Int, upTo limit: Int) throws -> [OMSChange] {
        try queue.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT entity, entity_id, op, seq FROM change_log
                    WHERE seq IN (SELECT MAX(seq) FROM change_log WHERE seq > ? AND seq <= ? GROUP BY entity, entity_id)
                    ORDER BY entity, entity_id
                    """,
                arguments: [cursor, limit])
            var changes: [OMSChange] = []
            while let row = try rows.next() {
                changes.append(OMSChange(ref: OMSRef(row["entity"], row["entity_id"]), op: row["op"], seq: row["seq"]))
            }
            return changes
        }
    }

    /// The rows of `table` whose `column` is one of `ids`, as JSON objects keyed by column name,
    /// in `orderBy` order.
    public func rows(table: String, column: String = "id", ids: [Int], orderBy: String = "id") throws -> [JSONValue] {
        var result: [JSONValue] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            let marks = slice.map { _ in "?" }.joined(separator: ",")
            try queue.read { db in
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT * FROM \(table) WHERE \(column) IN (\(marks)) ORDER BY \(orderBy)",
                    arguments: StatementArguments(slice))
                while let row = try rows.next() { result.append(Self.json(row)) }
            }
        }
        return result
    }

    /// Every row of a small reference table (locations, payment methods), by id.
    public func allRows(table: String) throws -> [JSONValue] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map(Self.json) }
    }

    /// A row as a JSON object: integers stay integers, text stays text, NULL is null; a stray
    /// real or blob (the schema allows them) is kept visibly rather than dropped.
    static func json(_ row: Row) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (column, value) in row {
            switch value.storage {
            case .null: members[column] = .null
            case .int64(let number): members[column] = .number(String(number))
            case .double(let number): members[column] = .number(number.isFinite ? "\(number)" : "0")
            case .string(let text): members[column] = .string(text)
            case .blob(let data): members[column] = .string("<\(data.count) bytes of binary data>")
            }
        }
        return .object(members)
    }
}

/// The OMS database cannot be used: nothing was done (exit code 2).
public enum OMSError: LocalizedError, Equatable {
    case notConfigured
    case missing(String)
    case unreadable(String, String)
    case notAnOMS(String)

    public var errorDescription: String? {
        switch self {
        case .notConfigured:
            "no OMS database configured: set [oms] database in the pipeline file or QBSYNC_OMS_DB"
        case .missing(let path): "the OMS database \(path) does not exist (check [oms] database or QBSYNC_OMS_DB)"
        case .unreadable(let path, let reason): "cannot read the OMS database \(path): \(reason)"
        case .notAnOMS(let path): "\(path) has no change_log table: it is not an OMS accounting export database"
        }
    }
}
