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

    /// Normalised PHI value -> the first OMS record and column that holds it. Matching is by
    /// hashing every word run of an outgoing string, so the check costs in proportion to what
    /// goes out, not to (values x strings).
    private var needles: [String: String] = [:]
    /// Digit-only needles (phone, member, chart, serial numbers) -> source, matched against the
    /// digits of an outgoing string; and the lengths they come in.
    private var digitNeedles: [String: String] = [:]
    /// The most words any needle has.
    private var maxWords = 1
    private var allowed: [String] = []

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
                    if let text = value.stringValue { allowed.append(Self.normalize(text)) }
                }
            }
        }
        for table in ["locations", "payment_methods"] {
            for row in reference[table]?.arrayValue ?? [] {
                if let name = row["name"]?.stringValue { allowed.append(Self.normalize(name)) }
            }
        }
        // A value the run also carries in a column that is not PHI (a patient's city that is also
        // a clinic's name, a description that repeats the item's name) is not a leak there.
        var legitimate: Set<String> = []
        for text in allowed { Self.forEachWordRun(in: text, upTo: maxWords) { legitimate.insert($0) } }
        for value in legitimate {
            needles[value] = nil
            digitNeedles[value] = nil
        }
        allowed = []
    }

    /// Calls `body` with every run of 1...`limit` consecutive words of a normalised string.
    static func forEachWordRun(in normalized: String, upTo limit: Int, _ body: (String) -> Void) {
        let words = normalized.split(separator: " ")
        guard !words.isEmpty else { return }
        for start in words.indices {
            var run = ""
            for end in start..<min(start + limit, words.count) {
                if end > start { run.append(" ") }
                run.append(contentsOf: words[end])
                body(run)
            }
        }
    }

    private mutating func collect(_ row: JSONValue, columns: [String], source: String) {
        for column in columns {
            guard let text = row[column]?.stringValue else { continue }
            for needle in Self.needles(for: text, column: column) {
                if needle.allSatisfy(\.isNumber), needle.count >= 7 {
                    if digitNeedles[needle] == nil { digitNeedles[needle] = "\(source) \(column)" }
                }
                if needles[needle] == nil { needles[needle] = "\(source) \(column)" }
                maxWords = max(maxWords, min(needle.split(separator: " ").count, Self.maxRunWords))
            }
        }
    }

    /// The longest run of words a needle has: longer values are matched by their three-word runs.
    static let maxRunWords = 8

    /// What to look for: the whole value normalised; for phone-like values the digits; for free
    /// text each word run of three words and each long word (a name inside a note).
    static func needles(for text: String, column: String) -> [String] {
        let normalized = normalize(text)
        guard !normalized.isEmpty else { return [] }
        var result: [String] = []
        let digits = text.filter(\.isNumber)
        // A number written with punctuation ("(555) 123-4567") is also looked for by its digits;
        // the digits of a code with letters in it ("2612V4534") mean nothing on their own.
        let writtenAsNumber = text.allSatisfy { $0.isNumber || " -.()/+".contains($0) }
        if ["home_phone", "mobile_phone", "chart_number", "insurance_member_id", "serial_number", "reference"]
            .contains(column), digits.count >= 7, writtenAsNumber
        {
            result.append(String(digits))
        }
        let words = normalized.split(separator: " ")
        // A long value is looked for by its three-word runs, so an outgoing string is cut into
        // runs of at most `maxRunWords` words, whatever the length of the notes.
        if (normalized.count >= 3 || column.hasSuffix("name")) && words.count <= maxRunWords { result.append(normalized) }
        if ["notes", "memo", "description", "reason"].contains(column) || words.count > maxRunWords {
            if words.count >= 3 {
                for start in 0...(words.count - 3) {
                    let run = words[start..<start + 3]
                    // Three numbers in a note ("on 2026 03 12") are a date or an amount the books
                    // carry anyway; identifying numbers are matched by their own columns' digits.
                    if run.allSatisfy({ $0.allSatisfy(\.isNumber) }) { continue }
                    result.append(run.joined(separator: " "))
                }
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
            var found: String?
            Self.forEachWordRun(in: Self.normalize(text), upTo: maxWords) { run in
                if found == nil, let source = needles[run] { found = source }
            }
            if found == nil, !digitNeedles.isEmpty {
                // Digit groups joined along their boundaries: "(555) 123-4567" and "555.123.4567"
                // both give 5551234567, but a number inside a longer one (a serial number's
                // digits inside a document number) is not taken for it.
                // Groups join only across the punctuation people write numbers with.
                let segments = text.split(whereSeparator: { !$0.isNumber && !" -.()/+".contains($0) })
                for segment in segments where found == nil {
                    let groups = segment.split(whereSeparator: { !$0.isNumber }).map(String.init)
                    for start in groups.indices where found == nil {
                        var joined = ""
                        for group in groups[start...] {
                            joined += group
                            if let source = digitNeedles[joined] { found = source }
                            if found != nil || joined.count >= 32 { break }
                        }
                    }
                }
            }
            if let found { findings.append(Finding(location: path, source: found)) }
        case .array(let elements):
            for (index, element) in elements.enumerated() { walk(element, path: "\(path)[\(index)]", into: &findings) }
        case .object(let members):
            for name in members.keys.sorted() { walk(members[name]!, path: "\(path).\(name)", into: &findings) }
        default:
            break
        }
    }
}
