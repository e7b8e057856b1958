/// The review for a terminal: the headline, totals and warnings first, then every document as
/// an aligned table. Colour (warnings in yellow) only when asked for: a terminal without
/// `NO_COLOR`.
public enum ReviewText {
    /// The text, one line per `\n`.
    public static func render(_ review: Review, color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let yellow = color ? "\u{1B}[33m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var lines = ["\(bold)Run \(review.run)\(reset) (pipeline \(review.pipeline), taken \(review.runDate)): \(review.headline)"]
        if let approval = review.approval { lines.append(approval) }
        lines.append(review.redacted ? "Patients are shown by pseudonym, as QuickBooks will show them." : "Redaction is OFF: patients appear by name.")
        if let closing = review.closingDate { lines.append("Books closed through \(closing).") }

        func section(_ title: String, _ rows: [[String]], right: Set<Int>) {
            lines.append("")
            lines.append(bold + title + reset)
            lines += rows.isEmpty ? ["  none"] : table(rows, right: right)
        }
        section("Totals by kind", review.byKind.map { [$0.name, "\($0.count)", ReviewFormat.money($0.cents)] }, right: [1, 2])
        section("Totals by account", review.byAccount.map { [$0.name, "\($0.count)", ReviewFormat.money($0.cents)] }, right: [1, 2])
        section("Totals by class", review.byClass.map { [$0.name, "\($0.count)", ReviewFormat.money($0.cents)] }, right: [1, 2])
        section("Totals by day", review.byDay.map { [$0.name, $0.kind ?? "", "\($0.count)", ReviewFormat.money($0.cents)] }, right: [2, 3])

        lines.append("")
        lines.append(bold + "Warnings (\(review.warningCount))" + reset)
        if review.warnings.isEmpty { lines.append("  none") }
        for warning in review.warnings { lines.append("  \(yellow)! [\(warning.code)]\(reset) \(warning.message)") }

        lines.append("")
        lines.append(bold + "Documents (\(review.documentCount))" + reset)
        let headings = ["KIND", "OMS", "NUMBER", "CUSTOMER", "DATE", "AMOUNT", "CLASS", "ACCOUNT", "WARNINGS"]
        let rows = review.documents.map { document in
            [
                document.kind + (document.status == .already ? " (already)" : ""), document.ref, document.docNumber ?? "",
                document.customer, document.date ?? "", document.cents.map(ReviewFormat.money) ?? "",
                document.classes.joined(separator: ", "), document.accounts.joined(separator: ", "),
                document.warnings.joined(separator: " "),
            ]
        }
        lines += table([headings] + rows, right: [5])

        if !review.changes.isEmpty {
            var counts: [String: Int] = [:]
            for change in review.changes { counts["\(change.entity) \(change.action)", default: 0] += 1 }
            lines.append("")
            lines.append("Lists: " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
        }
        if !review.failures.isEmpty {
            lines.append(
                "Not in this run: \(review.failures.count) record(s) could not be mapped (2-transform/plan.json; 'qbsync status' lists them).")
        }
        if let check = review.booksCheck { lines.append(check) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows as aligned columns (two spaces between), long cells cut at 40 characters; the last
    /// column is never padded.
    static func table(_ rows: [[String]], right: Set<Int>) -> [String] {
        let cut = rows.map { row in row.map { $0.count > 40 ? String($0.prefix(39)) + "…" : $0 } }
        let columns = cut.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in cut { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return cut.map { row in
            var line = " "
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let last = index == row.count - 1
                line += " " + (right.contains(index) ? padding + cell : cell + (last ? "" : padding)) + (last ? "" : " ")
            }
            return line.trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
