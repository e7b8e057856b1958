/// The review as one self-contained HTML page (inline CSS, no scripts, fonts or images from
/// anywhere): the totals and warnings on top, then every document, then the changes to
/// customers, items and classes, and the records that could not be mapped. Every text is
/// HTML-escaped.
///
/// A first synchronization carries years of history: long lists stop at `rowLimit` rows and a
/// warning code at `warningsPerCode` warnings, each with a line saying how many more there are
/// and that `review.csv` has every document with its warnings.
public enum ReviewHTML {
    /// Rows a long table shows (documents, customers, changes, failures).
    public static let rowLimit = 1_000
    /// Warnings of one code the list shows.
    public static let warningsPerCode = 50

    /// The page.
    public static func render(_ review: Review) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Review of run \(escape(review.run))</title>
            <style>\(style)</style>
            </head>
            <body>

            """
        page += header(review) + cards(review) + warnings(review) + totals(review) + documents(review)
        page += changes(review) + failures(review)
        if let check = review.booksCheck { page += "<p class=\"note\">\(escape(check))</p>\n" }
        page += "<footer>Written by qbsync from the batch files in 2-transform/. Amounts in the company's currency; "
        page += "credit memos and refunds count negative in the account and class totals.</footer>\n</body>\n</html>\n"
        return page
    }

    private static func header(_ review: Review) -> String {
        var facts = ["pipeline <b>\(escape(review.pipeline))</b>", "run taken <b>\(escape(review.runDate))</b>"]
        facts.append(review.redacted ? "patients shown by pseudonym" : "<span class=\"bad\">redaction off: patients by name</span>")
        if let closing = review.closingDate { facts.append("books closed through <b>\(escape(closing))</b>") }
        var out = "<header>\n<h1>What this run would post to QuickBooks</h1>\n"
        out += "<p class=\"run\">Run <code>\(escape(review.run))</code> · " + facts.joined(separator: " · ") + "</p>\n"
        if let approval = review.approval { out += "<p class=\"approval\">\(escape(approval))</p>\n" }
        return out + "</header>\n"
    }

    private static func cards(_ review: Review) -> String {
        var out = "<section class=\"cards\">\n"
        for total in review.byKind {
            out += "<div class=\"card\"><div class=\"kind\">\(escape(total.name))</div>"
            out += "<div class=\"amount\">\(money(total.cents))</div>"
            out += "<div class=\"count\">\(total.count) document\(total.count == 1 ? "" : "s")</div></div>\n"
        }
        let warningClass = review.warnings.isEmpty ? "card ok" : "card warn"
        out += "<div class=\"\(warningClass)\"><div class=\"kind\">Warnings</div><div class=\"amount\">\(review.warningCount)</div>"
        out += "<div class=\"count\">\(review.warnings.isEmpty ? "nothing to check" : "see below")</div></div>\n"
        if review.alreadyInQuickBooks.count > 0 {
            out += "<div class=\"card\"><div class=\"kind\">Already in QuickBooks</div><div class=\"amount\">\(review.alreadyInQuickBooks.count)</div>"
            out += "<div class=\"count\">skipped by the load</div></div>\n"
        }
        return out + "</section>\n"
    }

    private static func warnings(_ review: Review) -> String {
        guard !review.warnings.isEmpty else { return "<section><h2>Warnings</h2><p class=\"none\">None.</p></section>\n" }
        var out = "<section><h2>Warnings (\(review.warningCount))</h2>\n<ul class=\"warnings\">\n"
        var shown: [String: Int] = [:]
        for warning in review.warnings {
            shown[warning.code, default: 0] += 1
            guard shown[warning.code]! <= warningsPerCode else { continue }
            out += "<li><span class=\"tag\">\(tag(warning.code))</span> " + escape(warning.message) + "</li>\n"
        }
        for code in review.warningCounts.keys.sorted() where review.warningCounts[code]! > min(shown[code] ?? 0, warningsPerCode) {
            let more = review.warningCounts[code]! - min(shown[code] ?? 0, warningsPerCode)
            out += "<li class=\"more\"><span class=\"tag\">\(tag(code))</span> and \(more) more like these: "
            out += "review.csv lists every document with its warnings.</li>\n"
        }
        return out + "</ul></section>\n"
    }

    private static func totals(_ review: Review) -> String {
        var out = "<section class=\"totals\">\n"
        out += table("By account", ["Account", "Lines", "Amount"], review.byAccount.map { [escape($0.name), "\($0.count)", money($0.cents)] })
        out += table("By class (location)", ["Class", "Lines", "Amount"], review.byClass.map { [escape($0.name), "\($0.count)", money($0.cents)] })
        let kinds = Array(Set(review.byDay.compactMap(\.kind))).sorted()
        let days = Array(Set(review.byDay.map(\.name))).sorted()
        var cells: [String: ReviewTotal] = [:]
        for total in review.byDay { cells[total.name + "|" + (total.kind ?? "")] = total }
        let rows = days.map { day in
            [escape(day)] + kinds.map { kind in cells[day + "|" + kind].map { "\(money($0.cents)) <small>(\($0.count))</small>" } ?? "" }
        }
        out += table("By day", ["Date"] + kinds.map(escape), rows)
        out += "</section>\n<details><summary>By customer (\(Set(review.byCustomer.map(\.name)).count))</summary>\n"
        out += table(
            nil, ["Customer", "Kind", "Documents", "Amount"],
            review.byCustomer.prefix(rowLimit).map { [escape($0.name), escape($0.kind ?? ""), "\($0.count)", money($0.cents)] },
            more: review.byCustomer.count - rowLimit, whereAll: "review.csv lists every document with its customer")
        return out + "</details>\n"
    }

    private static func documents(_ review: Review) -> String {
        var rows = review.documents.prefix(rowLimit).map { document -> String in
            let cells = [
                escape(document.kind) + (document.status == .already ? " <small>(already in QuickBooks)</small>" : ""),
                "<code>\(escape(document.ref))</code>", escape(document.docNumber ?? ""), escape(document.customer),
                escape(document.date ?? ""), document.cents.map(money) ?? "", escape(document.classes.joined(separator: ", ")),
                escape(document.accounts.joined(separator: ", ")),
                document.warnings.map { "<span class=\"tag\">\(tag($0))</span>" }.joined(separator: " "),
            ]
            let flagged = document.warnings.isEmpty ? "" : " class=\"flagged\""
            return "<tr\(flagged)>" + cells.enumerated().map { "<td\($0.offset == 5 ? " class=\"num\"" : "")>\($0.element)</td>" }.joined() + "</tr>"
        }
        let headings = ["Kind", "OMS", "Number", "Customer", "Date", "Amount", "Class", "Account", "Warnings"]
        if review.documentCount > rows.count {
            rows.append(moreRow(review.documentCount - rows.count, columns: headings.count, whereAll: "review.csv lists every document"))
        }
        var out = "<section><h2>Documents (\(review.documentCount))</h2>\n<table class=\"documents\"><thead><tr>"
        out += headings.enumerated().map { "<th\($0.offset == 5 ? " class=\"num\"" : "")>\($0.element)</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table></section>\n"
        return out
    }

    private static func changes(_ review: Review) -> String {
        guard !review.changes.isEmpty else { return "" }
        var counts: [String: Int] = [:]
        for change in review.changes { counts["\(change.entity) \(change.action)", default: 0] += 1 }
        let summary = counts.keys.sorted().map { "\(escape($0)): \(counts[$0]!)" }.joined(separator: " · ")
        var out = "<details><summary>Customers, items, classes and accounts (\(summary))</summary>\n"
        out += table(
            nil, ["What", "Change", "Name", "OMS"],
            review.changes.prefix(rowLimit).map { [escape($0.entity), escape($0.action), escape($0.name), "<code>\(escape($0.ref))</code>"] },
            figures: false, more: review.changes.count - rowLimit, whereAll: "2-transform/plan.json lists every operation")
        return out + "</details>\n"
    }

    /// Records not in the run: those that could not be mapped, and apart from them the documents
    /// left out on purpose (dated before the cutover), which are no error.
    private static func failures(_ review: Review) -> String {
        let failed = review.failures.filter { !$0.excluded }
        let leftOut = review.failures.filter(\.excluded)
        var out = ""
        for (list, summary, whereAll) in [
            (failed, "record(s) could not be mapped", "'qbsync status' lists every failed record"),
            (leftOut, "document(s) dated before the cutover ([sync] start_date) left out", "'qbsync status' lists them as excluded"),
        ] where !list.isEmpty {
            out += "<details><summary>Not in this run: \(list.count) \(summary)</summary>\n"
            out += table(
                nil, ["OMS", "Why", "What to do"],
                list.prefix(rowLimit).map { ["<code>\(escape($0.ref))</code>", escape($0.code), escape($0.message)] },
                figures: false, more: list.count - rowLimit, whereAll: whereAll)
            out += "</details>\n"
        }
        return out
    }

    /// A table; with `figures`, every column after the first is right-aligned (counts, amounts).
    /// `more` rows left out are counted on a last row.
    private static func table(
        _ title: String?, _ headings: [String], _ rows: [[String]], figures: Bool = true, more: Int = 0, whereAll: String = ""
    ) -> String {
        var out = "<div class=\"block\(figures ? " figures" : "")\">" + (title.map { "<h3>\(escape($0))</h3>" } ?? "") + "<table><thead><tr>"
        out += headings.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        if rows.isEmpty { out += "<tr><td colspan=\"\(headings.count)\" class=\"none\">none</td></tr>\n" }
        if more > 0 { out += moreRow(more, columns: headings.count, whereAll: whereAll) + "\n" }
        return out + "</tbody></table></div>\n"
    }

    /// The last row of a table cut at `rowLimit`: how many more, and where they all are.
    private static func moreRow(_ count: Int, columns: Int, whereAll: String) -> String {
        "<tr class=\"more\"><td colspan=\"\(columns)\">and \(count) more, not shown here: \(whereAll).</td></tr>"
    }

    private static func tag(_ code: String) -> String { escape(code.replacingOccurrences(of: "-", with: " ")) }

    private static func money(_ cents: Int) -> String {
        "<span class=\"\(cents < 0 ? "neg" : "money")\">\(ReviewFormat.money(cents))</span>"
    }

    /// `text` safe inside HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
