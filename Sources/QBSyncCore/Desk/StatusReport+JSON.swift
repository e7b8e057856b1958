import QBSyncJSON

/// `qbsync status --json`: the document the README's "The operator's desk" describes. Fields
/// are only ever added; every key is always present (null when there is nothing to say).
extension StatusReport {
    /// The report as the README documents it.
    public var json: JSONValue {
        var countsJSON: [String: JSONValue] = [:]
        for state in ItemState.allCases { countsJSON[state.rawValue] = .int(counts[state] ?? 0) }
        var waitingJSON: JSONValue = .null
        if let waiting {
            var byKind: [String: JSONValue] = [:]
            for kind in waiting {
                byKind[kind.entity] = [
                    "records": .int(kind.records), "changes": .int(kind.changes), "oldest_seq": .int(kind.oldestSeq),
                    "oldest_changed_at": .string(kind.oldestChangedAt),
                ]
            }
            waitingJSON = ["by_kind": .object(byKind), "records": .int(waiting.reduce(0) { $0 + $1.records })]
        }
        var pendingByKind: [String: JSONValue] = [:]
        for kind in pending {
            pendingByKind[kind.entity] = [
                "pending": .int(kind.pending), "queued": .int(kind.queued), "oldest_ref": .string(kind.oldestRef),
                "oldest_since": .string(kind.oldestSince),
            ]
        }
        return [
            "pipeline": .string(pipeline),
            "operators": .array(operators.map(JSONValue.string)),
            "counts": .object(countsJSON),
            "cursor": .int(cursor),
            "waiting_in_oms": waitingJSON,
            "oms_problem": omsProblem.map(JSONValue.string) ?? .null,
            "pending": ["by_kind": .object(pendingByKind), "items": .array(pendingItems.map(\.json))],
            "last_run": lastRun?.json ?? .null,
            "unfinished_runs": .array(unfinishedRuns.map(\.json)),
            "in_progress": inProgress.map { .string($0.description) } ?? .null,
            "failed": .array(failed.map(\.json)),
            "manual": .array(manual.map(\.json)),
            "excluded": .array(excluded.map(\.json)),
            "legacy_open": legacyOpen.map { .int($0) } ?? .null,
            "ledger_backups": [
                "directory": .string(ledgerCopies.directory), "count": .int(ledgerCopies.count),
                "automatic": .bool(ledgerCopies.automatic),
                "newest": ledgerCopies.newest.map { copy -> JSONValue in
                    ["path": .string(copy.url.path), "made_at": .string(copy.madeAt), "after": .string(copy.reason)]
                } ?? .null,
            ],
        ]
    }
}

extension StatusReport.Entry {
    /// `{ref, entity, state, run, code, message, since, last_action}` plus, for a failed item,
    /// `title`, `reason` and `resolution`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "ref": .string(item.ref), "entity": .string(item.ref.omsOrder.entity), "state": .string(item.state.rawValue),
            "run": item.runID.map(JSONValue.string) ?? .null, "code": item.code.map(JSONValue.string) ?? .null,
            "message": item.message.map(JSONValue.string) ?? .null, "since": .string(item.updatedAt),
            "last_action": last.map(\.json) ?? .null,
        ]
        if let advice {
            object["title"] = .string(advice.title)
            object["reason"] = .string(advice.reason)
            object["resolution"] = .string(advice.resolution)
        }
        return .object(object)
    }
}

extension StatusReport.LastRun {
    /// The run, its stages, and once reconciled what it synchronized and its totals.
    public var json: JSONValue {
        var stagesJSON: [String: JSONValue] = [:]
        for stage in Stage.allCases { stagesJSON[stage.rawValue] = stages[stage].map(JSONValue.string) ?? .null }
        var byKind: [String: Int] = [:]
        for ref in synchronized { byKind[ref.omsOrder.entity, default: 0] += 1 }
        return [
            "id": .string(run.id), "created_at": .string(run.createdAt), "cursor_from": .int(run.cursorFrom),
            "cursor_to": .int(run.cursorTo), "folder": .string(folder), "stages": .object(stagesJSON),
            "reconciled": .bool(summary != nil),
            "synchronized": [
                "count": .int(synchronized.count), "by_kind": .object(byKind.mapValues { .int($0) }),
                "refs": .array(synchronized.map(JSONValue.string)),
            ],
            "items": summary?["items"] ?? .null,
            "totals_by_document": summary?["totals_by_document"] ?? .null,
        ]
    }
}

extension HistoryEntry {
    /// `{run, action, state, message, actor, at}`.
    public var json: JSONValue {
        [
            "run": runID.map(JSONValue.string) ?? .null, "action": .string(action), "state": state.map(JSONValue.string) ?? .null,
            "message": message.map(JSONValue.string) ?? .null, "actor": .string(actor), "at": .string(at),
        ]
    }
}
