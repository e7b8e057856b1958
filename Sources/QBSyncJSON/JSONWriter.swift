/// Writes JSON the way qbsync keeps it on disk: two-space indentation, keys sorted by their
/// UTF-8 bytes, `"key": value`, a final newline. The same value always gives the same bytes.
public enum JSONWriter {
    /// The pretty, sorted text of `value`, ending in a newline.
    public static func pretty(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    /// `pretty(value)` as UTF-8 bytes.
    public static func prettyData(_ value: JSONValue) -> [UInt8] {
        Array(pretty(value).utf8)
    }

    /// The same document on one line with no spaces (keys still sorted), for line-per-record
    /// logs where a pretty document would span many lines.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        writeCompact(value, into: &out)
        return out
    }

    private static func writeCompact(_ value: JSONValue, into out: inout String) {
        switch value {
        case .array(let elements):
            out.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(",") }
                writeCompact(element, into: &out)
            }
            out.append("]")
        case .object(let members):
            out.append("{")
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(",") }
                appendQuoted(key, into: &out)
                out.append(":")
                writeCompact(members[key]!, into: &out)
            }
            out.append("}")
        default:
            write(value, indent: 0, into: &out)
        }
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .number(let literal): out.append(literal)
        case .string(let text): appendQuoted(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { return out.append("[]") }
            out.append("[\n")
            for (index, element) in elements.enumerated() {
                appendIndent(indent + 1, into: &out)
                write(element, indent: indent + 1, into: &out)
                out.append(index == elements.count - 1 ? "\n" : ",\n")
            }
            appendIndent(indent, into: &out)
            out.append("]")
        case .object(let members):
            guard !members.isEmpty else { return out.append("{}") }
            out.append("{\n")
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                appendIndent(indent + 1, into: &out)
                appendQuoted(key, into: &out)
                out.append(": ")
                write(members[key]!, indent: indent + 1, into: &out)
                out.append(index == keys.count - 1 ? "\n" : ",\n")
            }
            appendIndent(indent, into: &out)
            out.append("}")
        }
    }

    private static func appendIndent(_ level: Int, into out: inout String) {
        for _ in 0..<level { out.append("  ") }
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func appendQuoted(_ text: String, into out: inout String) {
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
