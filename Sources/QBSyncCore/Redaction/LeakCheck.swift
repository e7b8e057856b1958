import Foundation
import QBSyncJSON

/// Fails closed when any outgoing string carries a PHI value of the run's records. Values are
/// compared normalised (case, blanks, punctuation; phone-like values by their digits); free text
/// is also matched by its long words and word runs. A value that the run also carries in a
/// column that is not PHI (a payer's city, an item's name) is not a leak. Findings name the
/// field and the OMS reference, never the value.
public struct LeakCheck {
    /// A PHI value found where it must not be.
    public struct Finding: Equatable, Sendable {
        /// Where it was found: `batches/0003.json b7 Invoice.Line[0].Description`.
        public var location: String
        /// The OMS record and column whose value it is: `patient:12 last_name`.
        public var source: String
    }

    /// PHI columns per entity: everything HIPAA Safe Harbor counts, and every free-text column.
    static let phiColumns: [String: [String]] = [
        "patient": [
            "chart_number", "first_name", "middle_name", "last_name", "date_of_birth", "address1", "address2", "city",
            "postal_code", "home_phone", "mobile_phone", "email", "insurance_member_id", "notes",
        ],
        "sale": ["memo"],
        "sale_line": ["description", "serial_number"],
        "payment": ["memo", "reference"],
        "return": ["reason"],
        "return_line": ["serial_number"],
        "refund": ["memo"],
        "write_off": ["reason"],
    ]

    private var needles: [(normalized: String, source: String)] = []
    private var allowed: Set<String> = []

    /// Collects the PHI values of `records`, less those that also stand in non-PHI columns (payers,
    /// items, locations, payment methods), where they legitimately go out.
    init(records: [ExtractedRecord], reference: JSONValue) {
        for record in records {
            let entity = record.ref.entity
            collect(record.row, columns: Self.phiColumns[entity] ?? [], source: record.ref.description)
            for line in record.row["lines"]?.arrayValue ?? [] {
                collect(line, columns: Self.phiColumns[entity == "sale" ? "sale_line" : "return_line"] ?? [], source: record.ref.description)
            }
            if entity == "payer" || entity == "item" {
                for (_, value) in record.row.objectValue ?? [:] {
                    if let text = value.stringValue { allowed.insert(Self.normalize(text)) }
                }
            }
        }
        for table in ["locations", "payment_methods"] {
            for row in reference[table]?.arrayValue ?? [] {
                if let name = row["name"]?.stringValue { allowed.insert(Self.normalize(name)) }
            }
        }
        // A value the run also carries in a column that is not PHI (a patient's city that is also
        // a clinic's name, a description that repeats the item's name) is not a leak there.
        let corpus = allowed.map { " \($0) " }
        needles.removeAll { needle in corpus.contains { $0.contains(" \(needle.normalized) ") } }
    }

    private mutating func collect(_ row: JSONValue, columns: [String], source: String) {
        for column in columns {
            guard let text = row[column]?.stringValue else { continue }
            for needle in Self.needles(for: text, column: column) {
                needles.append((needle, "\(source) \(column)"))
            }
        }
    }

    /// What to look for: the whole value normalised; for phone-like values the digits; for free
    /// text each word run of three words and each long word (a name inside a note).
    static func needles(for text: String, column: String) -> [String] {
        let normalized = normalize(text)
        guard !normalized.isEmpty else { return [] }
        var result: [String] = []
        let digits = text.filter(\.isNumber)
        if ["home_phone", "mobile_phone", "chart_number", "insurance_member_id", "serial_number", "reference"]
            .contains(column), digits.count >= 7
        {
            result.append(String(digits))
        }
        if normalized.count >= 3 || column.hasSuffix("name") { result.append(normalized) }
        if ["notes", "memo", "description", "reason"].contains(column) {
            let words = normalized.split(separator: " ")
            if words.count >= 3 {
                for start in 0...(words.count - 3) { result.append(words[start..<start + 3].joined(separator: " ")) }
            }
        }
        return result
    }

    /// Lower case without accents, letters and digits only (apostrophes join, `O'Brien` ->
    /// `obrien`), words separated by single blanks.
    static func normalize(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased() {
            if character == "'" || character == "\u{2019}" { continue }
            if character.isLetter || character.isNumber {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(character)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// Every finding in one outgoing JSON value; `location` prefixes the field path.
    func scan(_ value: JSONValue, location: String) -> [Finding] {
        var findings: [Finding] = []
        walk(value, path: location, into: &findings)
        return findings
    }

    private func walk(_ value: JSONValue, path: String, into findings: inout [Finding]) {
        switch value {
        case .string(let text):
            let normalized = Self.normalize(text)
            let padded = " \(normalized) "
            let digits = String(text.filter(\.isNumber))
            for needle in needles {
                let isDigits = needle.normalized.allSatisfy(\.isNumber)
                let hit =
                    normalized == needle.normalized || padded.contains(" \(needle.normalized) ")
                    || (isDigits && needle.normalized.count >= 7 && digits.contains(needle.normalized))
                if hit {
                    findings.append(Finding(location: path, source: needle.source))
                    return
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { walk(element, path: "\(path)[\(index)]", into: &findings) }
        case .object(let members):
            for name in members.keys.sorted() { walk(members[name]!, path: "\(path).\(name)", into: &findings) }
        default:
            break
        }
    }
}
