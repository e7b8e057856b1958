import QBSyncJSON

/// Hides an OMS record's PHI for display: every PHI or free-text column (`LeakCheck.phiColumns`,
/// the same list the transform's leak check uses) of the record and of its lines becomes
/// `<redacted>`, and so does a line's `ear` (health information the transform never sends, so
/// the leak check has no need to list it); an empty column stays empty, so a reader still sees
/// what is missing.
public enum RecordRedaction {
    static let displayOnly: [String: [String]] = ["sale_line": ["ear"]]

    static func phiColumns(_ table: String) -> [String] {
        (LeakCheck.phiColumns[table] ?? []) + (displayOnly[table] ?? [])
    }

    /// `row` (of `entity`) with its PHI replaced.
    public static func redact(_ row: JSONValue, entity: String) -> JSONValue {
        var redacted = hide(row, columns: phiColumns(entity))
        if let lines = row["lines"]?.arrayValue {
            let lineColumns = phiColumns(entity == "sale" ? "sale_line" : "return_line")
            redacted["lines"] = .array(lines.map { hide($0, columns: lineColumns) })
        }
        return redacted
    }

    /// The PHI columns of `entity` (and of its lines), for a reader who wants to know what was hidden.
    public static func columns(of entity: String) -> [String] {
        let lines = entity == "sale" ? "sale_line" : entity == "return" ? "return_line" : nil
        return phiColumns(entity) + (lines.map { phiColumns($0).map { "lines[].\($0)" } } ?? [])
    }

    private static func hide(_ row: JSONValue, columns: [String]) -> JSONValue {
        var row = row
        for column in columns {
            guard let value = row[column], value != .null else { continue }
            if case .string(let text) = value, text.isEmpty { continue }
            row[column] = .string(Redacted.marker)
        }
        return row
    }
}
