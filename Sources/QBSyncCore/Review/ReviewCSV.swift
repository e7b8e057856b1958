import QBSyncJSON

/// The review as CSV, one row per document, for a spreadsheet: RFC 4180 (CRLF line ends, a
/// field with a quote, comma or line break quoted, quotes doubled), UTF-8 with a byte-order
/// mark so Excel reads accents right, amounts as plain decimals so they sum, and text that a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) prefixed with `'`.
public enum ReviewCSV {
    /// The header row's column names.
    public static let columns = [
        "kind", "status", "ref", "doc_number", "customer", "date", "amount", "class", "account", "batch", "bId", "warnings",
    ]

    /// The whole CSV text, byte-order mark included.
    public static func render(_ review: Review) -> String {
        header + review.documents.map(row).joined()
    }

    /// The byte-order mark and the header row.
    static var header: String { "\u{FEFF}" + row(columns) }

    /// A document's row.
    static func row(_ document: ReviewDocument) -> String {
        row([
            text(document.kind), document.status.rawValue, text(document.ref), text(document.docNumber ?? ""),
            text(document.customer), text(document.date ?? ""), document.cents.map(Money.decimalString) ?? "",
            text(document.classes.joined(separator: "; ")), text(document.accounts.joined(separator: "; ")),
            text(document.batch), text(document.bId), document.warnings.joined(separator: " "),
        ])
    }

    /// One record, fields escaped, ending in CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it holds a quote, comma or line break, with quotes doubled.
    public static func escape(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { "\",\r\n".unicodeScalars.contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text a spreadsheet must not evaluate: a leading `=`, `+`, `-`, `@`, tab or carriage
    /// return gets a `'` in front (OWASP's advice against CSV injection).
    public static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }
}
