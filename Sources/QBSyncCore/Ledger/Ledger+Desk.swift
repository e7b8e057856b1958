import Foundation
import GRDB

/// One line of an item's history: a run's step or an operator's action.
public struct HistoryEntry: Sendable, Equatable {
    public var ref: String
    /// The run the step belonged to; nil for an operator's action.
    public var runID: String?
    /// `extracted`, `reconciled`, `retry`, `exclude`, `manual`, `manual-done`, `legacy-retry`...
    public var action: String
    /// The state the item was left in.
    public var state: String?
    /// The reason, note or failure message.
    public var message: String?
    /// Who: the operator (`--by` or the OS user), or the user the stage ran as.
    public var actor: String
    /// When (UTC, ISO-8601).
    public var at: String
}

extension Ledger {
    /// Applies an operator's `action` to every ref in one transaction, with a history line each
    /// saying who and when; when any ref cannot take it, refuses them all and changes nothing.
    @discardableResult
    public func apply(_ action: OperatorAction, to refs: [String], note: String?, actor: String) throws -> [ItemRecord] {
        try write { db in
            let now = Ledger.now()
            var items: [String: ItemRecord] = [:]
            var refusals: [String] = []
            for ref in refs {
                let item = try Row.fetchOne(db, sql: "SELECT * FROM items WHERE ref = ?", arguments: [ref]).map(Self.deskItem)
                if let refusal = action.refusal(ref, item) { refusals.append(refusal) } else if let item { items[ref] = item }
            }
            guard refusals.isEmpty else { throw DeskError.refused(action: action.rawValue, reasons: refusals) }
            var updated: [ItemRecord] = []
            for ref in refs {
                let parsed = try OMSRef(parsing: ref)
                var item = items[ref] ?? ItemRecord(ref: ref, state: .queued, runID: nil, code: nil, message: nil, updatedAt: now)
                item.state = action.targetState
                item.updatedAt = now
                switch action {
                case .retry, .retryNow, .legacyRetry, .exclude:
                    item.code = nil
                    item.message = note
                case .manual, .manualDone:
                    // The to-do list keeps why the item could not be posted, unless a note says more.
                    if let note { item.message = note }
                }
                try db.execute(
                    sql: """
                        INSERT INTO items (ref, entity, entity_id, state, run_id, code, message, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(ref) DO UPDATE SET state = excluded.state, code = excluded.code,
                            message = excluded.message, updated_at = excluded.updated_at
                        """,
                    arguments: [ref, parsed.entity, parsed.id, item.state.rawValue, item.runID, item.code, item.message, now])
                try db.execute(
                    sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
                    arguments: [ref, action.historyAction, item.state.rawValue, note, actor, now])
                updated.append(item)
            }
            return updated
        }
    }

    /// Puts records that were entered by hand back on the manual entry list because they changed
    /// in the OMS again (run `run` saw the change): QuickBooks holds the hand-entered version.
    public func reopenManualEntries(_ refs: [String], run: String, actor: String) throws {
        guard !refs.isEmpty else { return }
        try write { db in
            let now = Ledger.now()
            for ref in refs {
                let message = "\(ref) changed in the OMS after it was entered by hand: enter the change in QuickBooks, then 'qbsync manual-done \(ref)'."
                try db.execute(
                    sql: "UPDATE items SET state = 'manual', message = ?, updated_at = ? WHERE ref = ? AND state = 'manual_done'",
                    arguments: [message, now, ref])
                try db.execute(
                    sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, ?, 'changed-after-manual', 'manual', ?, ?, ?)",
                    arguments: [ref, run, message, actor, now])
            }
        }
    }

    /// Every line of `ref`'s history, oldest first.
    public func history(of ref: String) throws -> [HistoryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM history WHERE ref = ? ORDER BY id", arguments: [ref]).map(Self.historyEntry)
        }
    }

    /// The latest history line of each of `refs` (who last decided about it, and when).
    public func lastHistory(of refs: [String]) throws -> [String: HistoryEntry] {
        try read { db in
            var latest: [String: HistoryEntry] = [:]
            for start in stride(from: 0, to: refs.count, by: 500) {
                let slice = Array(refs[start..<min(start + 500, refs.count)])
                let marks = slice.map { _ in "?" }.joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM history WHERE id IN (SELECT MAX(id) FROM history WHERE ref IN (\(marks)) GROUP BY ref)
                        """,
                    arguments: StatementArguments(slice))
                for row in rows { latest[row["ref"]] = Self.historyEntry(row) }
            }
            return latest
        }
    }

    /// The runs that carried `ref`, oldest first (from its history).
    public func runs(carrying ref: String) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT h.run_id FROM history h JOIN runs r ON r.id = h.run_id WHERE h.ref = ?
                    GROUP BY h.run_id ORDER BY MIN(r.seq)
                    """,
                arguments: [ref])
        }
    }

    /// The patient's pseudonym code when one was ever given (never creates one).
    public func existingPseudonym(patientID: Int) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT code FROM pseudonyms WHERE patient_id = ?", arguments: [patientID]) }
    }

    /// Every run, newest first.
    public func allRuns() throws -> [RunRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY seq DESC").map { row in
                RunRecord(
                    id: row["id"], seq: row["seq"], pipeline: row["pipeline"], createdAt: row["created_at"],
                    cursorFrom: row["cursor_from"], cursorTo: row["cursor_to"])
            }
        }
    }

    static func historyEntry(_ row: Row) -> HistoryEntry {
        HistoryEntry(
            ref: row["ref"], runID: row["run_id"], action: row["action"], state: row["state"], message: row["message"],
            actor: row["actor"], at: row["at"])
    }

    static func deskItem(_ row: Row) -> ItemRecord {
        ItemRecord(
            ref: row["ref"], state: ItemState(rawValue: row["state"]) ?? .pending, runID: row["run_id"], code: row["code"],
            message: row["message"], updatedAt: row["updated_at"])
    }
}
