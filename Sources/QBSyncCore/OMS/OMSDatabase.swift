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

    /// How long a read waits for a lock the OMS (or a backup) holds before it gives up, in seconds.
    public let busyTimeout: TimeInterval

    /// How long a read waits for the OMS's lock unless the pipeline says (`[oms] busy_timeout`).
    public static let defaultBusyTimeout: TimeInterval = 30

    /// Opens `path` read-only and checks that it holds every table and column of the source
    /// contract; throws a message naming the setting, the table or the lock when it cannot.
    public init(path: String, busyTimeout: TimeInterval = OMSDatabase.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        guard !path.isEmpty else { throw OMSError.notConfigured }
        guard FileManager.default.fileExists(atPath: path) else { throw OMSError.missing(path) }
        var configuration = Configuration()
        configuration.readonly = true
        // The OMS takes short write locks all day; waiting for one is normal, giving up is not.
        configuration.busyMode = .timeout(busyTimeout)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw OMSError.reading(error, path: path, busyTimeout: busyTimeout)
        }
        try checkSchema()
    }

    /// The OMS database the pipeline names, waiting for its lock as long as the pipeline says.
    public convenience init(settings: PipelineSettings) throws {
        try self.init(path: settings.omsDatabase, busyTimeout: settings.omsBusyTimeout)
    }

    /// One read transaction; SQLite's failures become `OMSError`s that say what to do (a lock
    /// held past the busy timeout, a damaged file) instead of SQLite's own words.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw OMSError.reading(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The highest `seq` in the change feed now (0 when empty).
    public func maxSeq() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change_log") ?? 0 }
    }

    /// Every entity changed in `(after, upTo]`, coalesced to its last operation, in ref order.
    public func changes(after cursor: Int, upTo limit: Int) throws -> [OMSChange] {
        try read { db in
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
            try read { db in
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
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map(Self.json) }
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
