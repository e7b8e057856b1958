/// Writes JSON the way qbsync keeps it on disk: two-space indentation, keys sorted by their
/// UTF-8 bytes, `"key": value`, a final newline. The same value always gives the same bytes.
///
/// Everything is written into a byte buffer (not a `String`): the stages write hundreds of
/// megabytes of it on a first synchronization, and appending to a `String` a scalar at a time
/// was most of the extract's time.
public enum JSONWriter {
    /// The pretty, sorted text of `value`, ending in a newline.
    public static func pretty(_ value: JSONValue) -> String {
        String(decoding: prettyData(value), as: UTF8.self)
    }

    /// `pretty(value)` as UTF-8 bytes.
    public static func prettyData(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        appendPretty(value, into: &out)
        return out
    }

    /// Appends `value` pretty-printed at `indent` levels (its first line not indented), without
    /// the final newline, so a caller can write a large document piece by piece.
    public static func appendPretty(_ value: JSONValue, indent: Int = 0, into out: inout [UInt8]) {
        write(value, indent: indent, into: &out)
        if indent == 0 { out.append(newline) }
    }

    /// The same document on one line with no spaces (keys still sorted), for line-per-record
    /// logs where a pretty document would span many lines.
    public static func compact(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        appendCompact(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact text of `value` to `out`.
    public static func appendCompact(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendCompact(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in sortedKeys(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendQuoted(key, into: &out)
                out.append(UInt8(ascii: ":"))
                appendCompact(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            write(value, indent: 0, into: &out)
        }
    }

    private static let newline = UInt8(ascii: "\n")

    private static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .string(let text): appendQuoted(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { return out.append(contentsOf: "[]".utf8) }
            out.append(contentsOf: "[\n".utf8)
            for (index, element) in elements.enumerated() {
                appendIndent(indent + 1, into: &out)
                write(element, indent: indent + 1, into: &out)
                if index < elements.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(newline)
            }
            appendIndent(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return out.append(contentsOf: "{}".utf8) }
            out.append(contentsOf: "{\n".utf8)
            let keys = sortedKeys(members)
            for (index, key) in keys.enumerated() {
                appendIndent(indent + 1, into: &out)
                appendQuoted(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                write(members[key]!, indent: indent + 1, into: &out)
                if index < keys.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(newline)
            }
            appendIndent(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object's keys in the order of their UTF-8 bytes.
    public static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted(by: utf8Precedes)
    }

    /// Whether `lhs` sorts before `rhs` by their UTF-8 bytes.
    public static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                for index in 0..<common where left[index] != right[index] { return left[index] < right[index] }
                return left.count < right.count
            }
        }
    }

    private static func appendIndent(_ level: Int, into out: inout [UInt8]) {
        for _ in 0..<level {
            out.append(UInt8(ascii: " "))
            out.append(UInt8(ascii: " "))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes, control characters
    /// and the line/paragraph separators U+2028 and U+2029.
    public static func appendQuoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let escape: [UInt8]?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = Array("\\\"".utf8)
                case UInt8(ascii: "\\"): escape = Array("\\\\".utf8)
                case UInt8(ascii: "\n"): escape = Array("\\n".utf8)
                case UInt8(ascii: "\r"): escape = Array("\\r".utf8)
                case UInt8(ascii: "\t"): escape = Array("\\t".utf8)
                case 0..<0x20: escape = unicodeEscape(UInt32(byte))
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    width = 3
                default: escape = nil
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    out.append(contentsOf: escape)
                    index += width
                    start = index
                } else {
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt32) -> [UInt8] {
        [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), hexDigits[Int(value >> 12) & 15], hexDigits[Int(value >> 8) & 15],
            hexDigits[Int(value >> 4) & 15], hexDigits[Int(value) & 15],
        ]
    }

    /// Appends `text` as a JSON string literal to a `String`.
    public static func appendQuoted(_ text: String, into out: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(text, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }
}
