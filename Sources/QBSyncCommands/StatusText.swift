import QBSyncCore
import QBSyncJSON

/// `qbsync status` for a person: a few lines per section, each failure with its fix.
struct StatusText {
    let report: StatusReport

    var lines: [String] {
        var lines = [
            "pipeline \(report.pipeline): " + ItemState.allCases.map { "\($0.rawValue) \(report.counts[$0] ?? 0)" }.joined(separator: ", "),
            report.operators.isEmpty
                ? "operators: anyone ([sync] operators is not set)" : "operators: \(report.operators.joined(separator: ", "))",
        ]
        lines += waiting + pending + unfinished + lastRun + failed + manual + excluded
        if let open = report.legacyOpen, open > 0 {
            lines += ["", "old skipped transactions: \(open) not decided yet ('qbsync legacy list')"]
        }
        return lines + ["", ledgerCopies]
    }

    private var ledgerCopies: String {
        let copies = report.ledgerCopies
        guard let newest = copies.newest else {
            return copies.automatic
                ? "ledger copies: none yet in \(copies.directory) (one is made after every command that changes the ledger)"
                : "ledger copies: none in \(copies.directory), and automatic copies are off ([ledger] backups_kept = 0): 'qbsync backup' makes one"
        }
        return "ledger copies: last made \(newest.madeAt) after '\(newest.reason)', \(copies.count) kept in \(copies.directory)"
    }

    private var waiting: [String] {
        var lines = ["", "waiting in the OMS (changes after \(report.cursor), not yet taken into a run):"]
        guard let waiting = report.waiting else { return lines + ["  OMS not readable: \(report.omsProblem ?? "?")"] }
        if waiting.isEmpty { return lines + ["  nothing"] }
        for kind in waiting {
            lines.append("  \(pad(kind.entity)) \(kind.records) record(s), oldest change \(kind.oldestChangedAt) (seq \(kind.oldestSeq))")
        }
        return lines
    }

    private var pending: [String] {
        guard !report.pending.isEmpty else { return [] }
        var lines = ["", "not yet synchronized (in a run not finished, or queued for the next):"]
        for kind in report.pending {
            lines.append("  \(pad(kind.entity)) \(kind.pending) pending, \(kind.queued) queued; oldest \(kind.oldestRef) since \(kind.oldestSince)")
        }
        return lines
    }

    /// Runs that stopped between stages: nothing finishes them unless someone runs the command.
    private var unfinished: [String] {
        var lines: [String] = []
        if let holder = report.inProgress { lines += ["", "in progress: \(holder)"] }
        guard !report.unfinishedRuns.isEmpty else { return lines }
        lines += ["", "unfinished runs (no later run takes their items):"]
        return lines + report.unfinishedRuns.map { "  \($0.line)" }
    }

    private var lastRun: [String] {
        guard let last = report.lastRun else { return ["", "no run yet"] }
        let run = last.run
        var lines = [
            "", "last run \(run.id) (\(run.createdAt); changes \(run.cursorFrom + 1)...\(run.cursorTo)):",
            "  stages: " + Stage.allCases.map { "\($0.rawValue) \(last.stages[$0] ?? "-")" }.joined(separator: ", "),
        ]
        guard let summary = last.summary else {
            if let unfinished = report.unfinishedRuns.first(where: { $0.id == run.id }) {
                return lines + ["  not finished: \(unfinished.why): '\(unfinished.finish)' finishes it"]
            }
            return lines + ["  not reconciled yet: 'qbsync reconcile --run \(run.id)' (after load)"]
        }
        var byKind: [String: Int] = [:]
        for ref in last.synchronized { byKind[String(ref.split(separator: ":")[0]), default: 0] += 1 }
        let kinds = byKind.keys.sorted().map { "\($0) \(byKind[$0]!)" }.joined(separator: ", ")
        lines.append("  synchronized \(last.synchronized.count)\(kinds.isEmpty ? "" : ": \(kinds)")")
        let items = summary["items"]?.objectValue ?? [:]
        lines.append("  items: " + items.keys.sorted().map { "\($0) \(items[$0]?.intValue ?? 0)" }.joined(separator: ", "))
        let totals = summary["totals_by_document"]?.objectValue ?? [:]
        for type in totals.keys.sorted() {
            let entry = totals[type]!
            func money(_ key: String) -> String { Money.decimalString(cents: entry[key]?.centsValue ?? 0) }
            lines.append(
                "  \(type): \(entry["documents"]?.intValue ?? 0) document(s), OMS \(money("oms")), QuickBooks \(money("quickbooks")), difference \(money("difference"))")
        }
        lines.append("  files: \(last.folder)")
        return lines
    }

    private var failed: [String] {
        guard !report.failed.isEmpty else { return [] }
        var lines = ["", "failed (\(report.failed.count)):"]
        for entry in report.failed {
            guard let advice = entry.advice else { continue }
            lines.append("  \(entry.item.ref): \(advice.title)\(advice.code.map { " (\($0))" } ?? "")")
            lines.append("    why: \(advice.reason)")
            if !advice.resolution.isEmpty { lines.append("    fix: \(advice.resolution)") }
        }
        return lines
    }

    private var manual: [String] {
        guard !report.manual.isEmpty else { return [] }
        // The command as it is typed for the first item on the list, not a placeholder to fill in.
        return ["", "manual entry to-do (\(report.manual.count)); 'qbsync manual-done \(report.manual[0].item.ref)' ticks one off:"]
            + report.manual.map { "  [ ] \($0.item.ref)\(note($0))" }
    }

    private var excluded: [String] {
        guard !report.excluded.isEmpty else { return [] }
        return ["", "excluded (\(report.excluded.count)); 'qbsync retry \(report.excluded[0].item.ref)' brings one back:"]
            + report.excluded.map { "  \($0.item.ref)\(note($0))" }
    }

    private func note(_ entry: StatusReport.Entry) -> String {
        let text = entry.item.message.map { ": \($0)" } ?? ""
        guard let last = entry.last else { return text }
        return text + " (\(last.action) by \(last.actor), \(last.at))"
    }

    private func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, 10 - text.count)) }
}
