import QBSyncCore
import QBSyncJSON

/// `qbsync show` for a person: the item's state and advice, its OMS record, what each run sent
/// and what QuickBooks answered, its QuickBooks objects and its history.
struct ShowText {
    let report: ItemReport

    var lines: [String] {
        var lines: [String] = []
        let ref = report.ref.description
        if let item = report.item {
            lines.append("\(ref): \(item.state.rawValue)\(item.runID.map { " (run \($0))" } ?? ""), since \(item.updatedAt)")
            if let advice = report.advice {
                lines.append("  why: \(advice.reason)")
                if !advice.resolution.isEmpty { lines.append("  fix: \(advice.resolution)") }
            } else if let message = item.message {
                lines.append("  note: \(message)")
            }
        } else {
            lines.append("\(ref): not in the ledger (no run has taken it)")
        }
        lines += record + sent + quickbooks + history + legacy
        return lines
    }

    private var record: [String] {
        var lines = ["", report.phi ? "OMS record (with PHI):" : "OMS record (PHI shown as <redacted>; --phi shows it):"]
        if let patient = report.patient {
            var text = "  patient \(patient.ref), known to QuickBooks as \(patient.pseudonym ?? "(no pseudonym yet)")"
            if report.phi, let name = patient.name { text += ", name \(name)" }
            lines.append(text)
        }
        if let record = report.record { lines += indented(JSONWriter.pretty(record), by: 2) }
        if let problem = report.omsProblem { lines.append("  \(problem)") }
        return lines
    }

    private var sent: [String] {
        var lines = ["", "sent to QuickBooks:"]
        if report.sent.isEmpty && report.transformFailures.isEmpty { lines.append("  nothing yet") }
        for (run, failure) in report.transformFailures {
            lines.append("  run \(run): not sent, the transform refused it (\(failure.code)): \(failure.message)")
        }
        for operation in report.sent {
            var head = "  run \(operation.run): \(operation.operation) \(report.edition.label(operation.entity)) [\(operation.key)]"
            if let batch = operation.batch, let bId = operation.bId { head += " in \(batch) \(bId)" }
            lines.append(head)
            for (index, attempt) in operation.attempts.enumerated() {
                lines.append("    attempt \(index + 1): \(attempt.requestFile)" + (attempt.responseFile.map { " -> \($0)" } ?? " (no answer)"))
                lines += indented(JSONWriter.pretty(attempt.body), by: 6)
            }
            if let result = operation.result {
                let fields = ["status", "code", "message", "detail", "element", "qbo_id", "intuit_tid"].compactMap { key in
                    result[key]?.stringValue.map { "\(key) \($0)" }
                }
                lines.append("    answer: " + fields.joined(separator: "; "))
            } else if operation.attempts.isEmpty {
                lines.append("    not loaded yet")
            }
        }
        return lines
    }

    private var quickbooks: [String] {
        guard !report.quickbooks.isEmpty else { return ["", "in QuickBooks: nothing"] }
        return ["", "in QuickBooks:"]
            + report.quickbooks.map { entry in
                let object = entry.object
                var text = "  \(object.type) \(object.remoteID) [\(object.key)]"
                if let number = object.docNumber { text += " DocNumber \(number)" }
                if let cents = object.totalCents { text += " total \(Money.decimalString(cents: cents))" }
                text += object.active ? "" : " (inactive or void)"
                if let link = entry.link { text += "  \(link)" }
                return text
            }
    }

    private var history: [String] {
        ["", "history:"]
            + report.history.map { entry in
                var text = "  \(entry.at)  \(entry.action) -> \(entry.state ?? "-")  by \(entry.actor)"
                if let run = entry.runID { text += "  run \(run)" }
                if let message = entry.message { text += ": \(message)" }
                return text
            }
    }

    private var legacy: [String] {
        guard !report.legacy.isEmpty else { return [] }
        return ["", "old skipped transactions:"]
            + report.legacy.map { entry in
                let message = report.phi ? (entry.row.message ?? "(no message)") : "<redacted>"
                return "  \(entry.name) skipped \(entry.row.skippedAt): \(entry.classification.rawValue), \(entry.status.rawValue); old message: \(message)"
            }
    }

    private func indented(_ text: String, by spaces: Int) -> [String] {
        let padding = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.map { padding + $0 }
    }
}
