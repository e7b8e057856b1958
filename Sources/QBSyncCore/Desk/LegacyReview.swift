import Foundation
import QBSyncJSON

/// The previous integration's "old skipped transactions" (the OMS's `legacy_skipped`), each
/// classified: retryable when its record still exists in the OMS and is a kind qbsync posts,
/// else left for support (record gone, no record id, or a kind qbsync does not post). The old
/// message is kept; it is PHI (it quotes names) and shown only when asked for.
public struct LegacyReview: Sendable {
    /// Whether qbsync can take the row's record into a run.
    public enum Classification: String, Sendable {
        case retryable
        case support
    }

    /// Where the row stands now.
    public enum Status: String, Sendable {
        /// Nobody has decided about it yet.
        case open
        /// Brought into a run (`legacy retry`).
        case queued
        /// Handed to support (`legacy escalate`).
        case escalated
        /// Its record is in QuickBooks now (qbsync synchronized it).
        case synced
    }

    /// One row with its classification and what was decided.
    public struct Entry: Sendable {
        /// The OMS row as it is.
        public var row: LegacySkippedRow
        /// The OMS item it points at, when it names one qbsync knows.
        public var ref: OMSRef?
        public var classification: Classification
        /// Why, in plain words (never the old message).
        public var why: String
        public var decision: LegacyDecision?
        /// The item's state in the ledger, when a run or an operator has touched it.
        public var ledgerState: ItemState?

        /// `legacy:<id>`, how commands name the row whatever it points at.
        public var name: String { "legacy:\(row.id)" }

        /// Open, queued, escalated, or synced when its record is in QuickBooks now.
        public var status: Status {
            if ledgerState == .synced { return .synced }
            switch decision?.state {
            case .queued: return .queued
            case .escalated: return .escalated
            case nil: return .open
            }
        }
    }

    /// Every row, in `legacy_skipped.id` order.
    public var entries: [Entry]

    /// Reads and classifies every row. `postable` is the kinds qbsync takes into runs (the
    /// change feed's entities).
    public static func build(oms: OMSDatabase, ledger: Ledger, postable: Set<String> = Set(OMSRef.entities)) throws -> LegacyReview {
        let rows = try oms.legacySkipped()
        let decisions = try ledger.legacyDecisions()
        var existing: [String: Set<Int>] = [:]
        for (entity, members) in Dictionary(grouping: rows.filter { postable.contains($0.entity) }, by: \.entity) {
            existing[entity] = try oms.existingIDs(entity: entity, ids: members.compactMap(\.entityID))
        }
        var entries: [Entry] = []
        for row in rows {
            let ref = row.entityID.map { OMSRef(row.entity, $0) }
            let classification: Classification
            let why: String
            if !postable.contains(row.entity) {
                (classification, why) = (.support, "qbsync does not post \(row.entity) records")
            } else if let ref, existing[row.entity]?.contains(ref.id) == true {
                (classification, why) = (.retryable, "\(ref) still exists in the OMS")
            } else if let ref {
                (classification, why) = (.support, "the OMS no longer has \(ref)")
            } else {
                (classification, why) = (.support, "the old integration recorded no \(row.entity) id")
            }
            let state = try ref.flatMap { postable.contains($0.entity) ? try ledger.item($0.description)?.state : nil }
            entries.append(
                Entry(
                    row: row, ref: postable.contains(row.entity) ? ref : nil, classification: classification, why: why,
                    decision: decisions[row.id], ledgerState: state))
        }
        return LegacyReview(entries: entries)
    }

    /// The rows `item` names: `legacy:<id>` names one row, `ENTITY:ID` every row pointing at
    /// that record.
    public func entries(named item: String) throws -> [Entry] {
        let found: [Entry]
        if item.hasPrefix("legacy:"), let id = Int(item.dropFirst("legacy:".count)) {
            found = entries.filter { $0.row.id == id }
        } else {
            let ref = try OMSRef(parsing: item)
            found = entries.filter { $0.row.entity == ref.entity && $0.row.entityID == ref.id }
        }
        guard !found.isEmpty else { throw DeskError.noLegacyRow(item) }
        return found
    }
}

extension LegacyReview.Entry {
    /// `{id, name, entity, entity_id, ref, skipped_at, classification, why, status, ledger_state,
    /// decision, message}`; `message` is `<redacted>` unless `phi`.
    public func json(phi: Bool) -> JSONValue {
        var decisionJSON: JSONValue = .null
        if let decision {
            decisionJSON = [
                "state": .string(decision.state.rawValue), "note": decision.note.map(JSONValue.string) ?? .null,
                "actor": .string(decision.actor), "at": .string(decision.at),
            ]
        }
        return [
            "id": .int(row.id), "name": .string(name), "entity": .string(row.entity),
            "entity_id": row.entityID.map { .int($0) } ?? .null, "ref": ref.map { .string($0.description) } ?? .null,
            "skipped_at": .string(row.skippedAt), "classification": .string(classification.rawValue), "why": .string(why),
            "status": .string(status.rawValue), "ledger_state": ledgerState.map { .string($0.rawValue) } ?? .null,
            "decision": decisionJSON, "message": row.message.map { .string(phi ? $0 : Redacted.marker) } ?? .null,
        ]
    }
}

/// What stands in for a PHI value the reader did not ask to see.
public enum Redacted {
    /// `<redacted>`.
    public static let marker = "<redacted>"
}
