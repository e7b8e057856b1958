import Foundation
import GRDB

/// Where an OMS item stands.
public enum ItemState: String, Sendable, Codable, CaseIterable {
    /// Taken into a run, not yet finished.
    case pending
    /// In QuickBooks as the OMS has it.
    case synced
    /// QuickBooks or a check refused it; the message says why and what to do.
    case failed
    /// An operator asked for it to go again with the next run.
    case queued
    /// An operator took it out of synchronization.
    case excluded
    /// On the manual entry to-do list.
    case manual
    /// Entered by hand and ticked off.
    case manualDone = "manual_done"
}

/// One item's row in the ledger.
public struct ItemRecord: Sendable, Equatable {
    public var ref: String
    public var state: ItemState
    public var runID: String?
    public var code: String?
    public var message: String?
    public var updatedAt: String
}

/// What a stage concluded about one OMS item in a run.
public struct ItemOutcome: Sendable, Equatable {
    public var ref: String
    public var state: ItemState
    public var code: String?
    public var message: String?

    public init(ref: String, state: ItemState, code: String? = nil, message: String? = nil) {
        self.ref = ref
        self.state = state
        self.code = code
        self.message = message
    }
}

extension Ledger {
    /// The item's row, or nil when no run has taken it.
    public func item(_ ref: String) throws -> ItemRecord? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM items WHERE ref = ?"), arguments: [ref]).map(Self.itemRecord)
        }
    }

    /// Items in a state, oldest first.
    public func items(in state: ItemState) throws -> [ItemRecord] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM items WHERE state = ? ORDER BY updated_at, ref"), arguments: [state.rawValue])
                .map(Self.itemRecord)
        }
    }

    /// The refs of every item in `state`, as a set.
    public func refs(in states: [ItemState]) throws -> Set<String> {
        try read { db in
            let marks = states.map { _ in "?" }.joined(separator: ",")
            return Set(
                try String.fetchAll(
                    db, sql: "SELECT ref FROM items WHERE state IN (\(marks))", arguments: StatementArguments(states.map(\.rawValue))))
        }
    }

    /// Records a run's conclusions about its items, with a history line each.
    public func record(_ outcomes: [ItemOutcome], run: String, action: String, actor: String) throws {
        try write { db in
            let now = Ledger.now()
            let update = try db.makeStatement(
                sql: """
                    INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(ref) DO UPDATE SET state = excluded.state, run_id = excluded.run_id,
                        code = excluded.code, message = excluded.message, updated_at = excluded.updated_at
                    """)
            let history = try db.makeStatement(
                sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for outcome in outcomes {
                let parsed = try OMSRef(parsing: outcome.ref)
                try update.execute(arguments: [
                    outcome.ref, parsed.entity, parsed.id, outcome.state.rawValue, run, outcome.code, outcome.message, now,
                ])
                try history.execute(arguments: [outcome.ref, run, action, outcome.state.rawValue, outcome.message, actor, now])
            }
        }
    }

    /// Counts of items by state.
    public func stateCounts() throws -> [ItemState: Int] {
        try read { db in
            var counts: [ItemState: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT state, COUNT(*) AS n FROM items GROUP BY state")) {
                if let state = ItemState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    private static func itemRecord(_ row: Row) -> ItemRecord {
        ItemRecord(
            ref: row["ref"], state: ItemState(rawValue: row["state"]) ?? .pending, runID: row["run_id"], code: row["code"],
            message: row["message"], updatedAt: row["updated_at"])
    }
}
