import Foundation
import GRDB
import QBSyncJSON

/// The OMS changes of one kind that no run has taken yet.
public struct OMSBacklog: Sendable, Equatable {
    /// The change-feed entity (`sale`, `patient`...).
    public var entity: String
    /// How many records changed (an entity changed three times counts once).
    public var records: Int
    /// How many change-feed rows.
    public var changes: Int
    /// The oldest waiting change's `seq` and time.
    public var oldestSeq: Int
    public var oldestChangedAt: String
}

/// One row of the OMS's `legacy_skipped`: a transaction the previous integration skipped.
public struct LegacySkippedRow: Sendable, Equatable {
    public var id: Int
    public var entity: String
    /// NULL (or dangling) when the record is gone.
    public var entityID: Int?
    public var skippedAt: String
    /// The old integration's error text: PHI (it quotes names), shown only with `--phi`.
    public var message: String?
}

/// What the operator's desk reads from the OMS besides records: the waiting changes and the
/// previous integration's skipped transactions.
extension OMSDatabase {
    /// The changes above `cursor`, by entity, in entity order.
    public func backlog(after cursor: Int) throws -> [OMSBacklog] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH waiting AS (
                        SELECT entity, COUNT(DISTINCT entity_id) AS records, COUNT(*) AS changes, MIN(seq) AS oldest_seq
                        FROM change_log WHERE seq > ? GROUP BY entity)
                    SELECT waiting.*, c.changed_at AS oldest_at FROM waiting JOIN change_log c ON c.seq = waiting.oldest_seq
                    ORDER BY waiting.entity
                    """,
                arguments: [cursor]
            ).map { row in
                OMSBacklog(
                    entity: row["entity"], records: row["records"], changes: row["changes"], oldestSeq: row["oldest_seq"],
                    oldestChangedAt: row["oldest_at"] ?? "")
            }
        }
    }

    /// Every `legacy_skipped` row, by id (none when the export has no such table).
    public func legacySkipped() throws -> [LegacySkippedRow] {
        try read { db in
            guard try db.tableExists("legacy_skipped") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, entity, entity_id, skipped_at, message FROM legacy_skipped ORDER BY id").map {
                row in
                LegacySkippedRow(
                    id: row["id"], entity: row["entity"], entityID: row["entity_id"], skippedAt: row["skipped_at"],
                    message: row["message"])
            }
        }
    }

    /// Which of `ids` the OMS still has for `entity` (none for an entity it does not feed).
    public func existingIDs(entity: String, ids: [Int]) throws -> Set<Int> {
        guard let table = Self.tables[entity] else { return [] }
        return Set(try rows(table: table, ids: ids).compactMap { $0["id"]?.intValue })
    }

    /// One whole record (with its lines, allocations or applications), or nil when the OMS no
    /// longer has it.
    public func record(_ ref: OMSRef) throws -> JSONValue? {
        try OMSRecordReader(oms: self).records(entity: ref.entity, ids: [ref.id])[ref.id]
    }
}
