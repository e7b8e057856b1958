/// A strict RFC 4180 reader, written here so the review's CSV is checked by code that does not
/// share the writer's assumptions: records end in CRLF (or LF), a quoted field may hold commas,
/// quotes (doubled) and line breaks, and a quote inside an unquoted field is an error, as a
/// spreadsheet's importer would take it.
enum CSVReader {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The records of `text` (a leading byte-order mark is skipped).
    static func records(_ text: String) throws -> [[String]] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var index = 0
        var quoted = false
        var fieldStarted = false
        func endField() {
            record.append(field)
            field = ""
            fieldStarted = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        let next = index + 1 < scalars.count ? scalars[index + 1] : "\n"
                        guard next == "," || next == "\r" || next == "\n" else {
                            throw Malformed(description: "text after a closing quote in record \(records.count + 1)")
                        }
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else {
                switch scalar {
                case "\"":
                    guard !fieldStarted, field.isEmpty else {
                        throw Malformed(description: "a quote inside an unquoted field in record \(records.count + 1)")
                    }
                    quoted = true
                    fieldStarted = true
                case ",":
                    endField()
                case "\r":
                    guard index + 1 < scalars.count, scalars[index + 1] == "\n" else {
                        throw Malformed(description: "a bare CR in record \(records.count + 1)")
                    }
                case "\n":
                    endField()
                    records.append(record)
                    record = []
                default:
                    field.unicodeScalars.append(scalar)
                    fieldStarted = true
                }
            }
            index += 1
        }
        if quoted { throw Malformed(description: "the text ends inside a quoted field") }
        if fieldStarted || !field.isEmpty || !record.isEmpty {
            endField()
            records.append(record)
        }
        return records
    }
}
