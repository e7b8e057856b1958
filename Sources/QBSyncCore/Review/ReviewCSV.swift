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
        var out = Array(header.utf8)
        for document in review.documents { appendRow(document, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The byte-order mark and the header row.
    static var header: String { "\u{FEFF}" + row(columns) }

    /// A document's row.
    static func row(_ document: ReviewDocument) -> String {
        var out: [UInt8] = []
        appendRow(document, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A document's row, appended as UTF-8: written on its bytes, since a first
    /// synchronization's review has a million rows.
    static func appendRow(_ document: ReviewDocument, into out: inout [UInt8]) {
        let fields: [(String, isText: Bool)] = [
            (document.kind, true), (document.status.rawValue, false), (document.ref, true), (document.docNumber ?? "", true),
            (document.customer, true), (document.date ?? "", true), (document.cents.map(Money.decimalString) ?? "", false),
            (document.classes.joined(separator: "; "), true), (document.accounts.joined(separator: "; "), true), (document.batch, true),
            (document.bId, true), (document.warnings.joined(separator: " "), false),
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(field.0, asText: field.isText, into: &out)
        }
        out.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    /// One record, fields escaped, ending in CRLF.
    static func row(_ fields: [String]) -> String {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(field, asText: false, into: &out)
        }
        out.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        return String(decoding: out, as: UTF8.self)
    }

    /// A field as the CSV holds it, appended as UTF-8: quoted when it holds a quote, comma or
    /// line break, with quotes doubled; with `asText`, a `'` in front of text a spreadsheet would
    /// evaluate (a leading `=`, `+`, `-`, `@`, tab or carriage return: OWASP's advice against CSV
    /// injection). The bytes that matter are ASCII, and UTF-8 never uses an ASCII byte inside
    /// another character, so they are looked for byte by byte.
    static func append(_ field: String, asText: Bool, into out: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            let prefixed = asText && bytes.first.map(isFormulaStart) == true
            let quoted = bytes.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
            if quoted { out.append(UInt8(ascii: "\"")) }
            if prefixed { out.append(UInt8(ascii: "'")) }
            if quoted {
                for byte in bytes {
                    out.append(byte)
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }

    private static func isFormulaStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): true
        default: false
        }
    }
}
