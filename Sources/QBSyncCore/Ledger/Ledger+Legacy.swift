import Foundation
import GRDB

/// What the desk decided about one old skipped transaction (an OMS `legacy_skipped` row).
public struct LegacyDecision: Sendable, Equatable {
    /// What became of the row.
    public enum State: String, Sendable {
        /// Brought into the next run (`qbsync legacy retry`).
        case queued
        /// Handed to support (`qbsync legacy escalate`).
        case escalated
    }

    public var legacyID: Int
    /// The OMS item it points at, when it points at one.
    public var ref: String?
    public var state: State
    public var note: String?
    public var actor: String
    public var at: String
}

extension Ledger {
    /// Every decision about old skipped transactions, by `legacy_skipped.id`.
    public func legacyDecisions() throws -> [Int: LegacyDecision] {
        try read { db in
            var decisions: [Int: LegacyDecision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM legacy_actions") {
                guard let state = LegacyDecision.State(rawValue: row["state"]) else { continue }
                let id: Int = row["legacy_id"]
                decisions[id] = LegacyDecision(
                    legacyID: id, ref: row["ref"], state: state, note: row["note"], actor: row["actor"], at: row["at"])
            }
            return decisions
        }
    }

    /// Queues `ref` for the next run because of the old skipped transactions `legacyIDs`, in one
    /// transaction: the item is queued (refused, with nothing changed, when its state does not
    /// allow it) and each row is marked, with history lines under the item and `legacy:<id>`.
    public func retryLegacy(_ legacyIDs: [Int], ref: String, actor: String) throws {
        try write { db in
            let now = Ledger.now()
            let item = try Row.fetchOne(db, sql: "SELECT * FROM items WHERE ref = ?", arguments: [ref]).map(Self.deskItem)
            if let refusal = OperatorAction.legacyRetry.refusal(ref, item) {
                throw DeskError.refused(action: "legacy retry", reasons: [refusal])
            }
            let parsed = try OMSRef(parsing: ref)
            let note = "old skipped transaction " + legacyIDs.map { "legacy:\($0)" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                    VALUES (?, ?, ?, 'queued', NULL, NULL, ?, ?)
                    ON CONFLICT(ref) DO UPDATE SET state = 'queued', code = NULL, message = excluded.message,
                        updated_at = excluded.updated_at
                    """,
                arguments: [ref, parsed.entity, parsed.id, note, now])
            try db.execute(
                sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, NULL, 'legacy-retry', 'queued', ?, ?, ?)",
                arguments: [ref, note, actor, now])
            for id in legacyIDs {
                try saveLegacy(db, LegacyDecision(legacyID: id, ref: ref, state: .queued, note: nil, actor: actor, at: now))
            }
        }
    }

    /// Records that the old skipped transactions `legacyIDs` went to support, with `note`.
    public func escalateLegacy(_ legacyIDs: [Int], ref: String?, note: String, actor: String) throws {
        try write { db in
            let now = Ledger.now()
            for id in legacyIDs {
                try saveLegacy(db, LegacyDecision(legacyID: id, ref: ref, state: .escalated, note: note, actor: actor, at: now))
            }
        }
    }

    /// The history lines of one old skipped transaction, oldest first.
    public func legacyHistory(_ legacyID: Int) throws -> [HistoryEntry] {
        try history(of: "legacy:\(legacyID)")
    }

    private func saveLegacy(_ db: Database, _ decision: LegacyDecision) throws {
        try db.execute(
            sql: """
                INSERT INTO legacy_actions (legacy_id, ref, state, note, actor, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(legacy_id) DO UPDATE SET ref = excluded.ref, state = excluded.state, note = excluded.note,
                    actor = excluded.actor, at = excluded.at
                """,
            arguments: [decision.legacyID, decision.ref, decision.state.rawValue, decision.note, decision.actor, decision.at])
        try db.execute(
            sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
            arguments: [
                "legacy:\(decision.legacyID)", decision.state == .queued ? "legacy-retry" : "legacy-escalate", decision.state.rawValue,
                decision.note ?? decision.ref, decision.actor, decision.at,
            ])
    }
}
