/// Writes JSON the way qbsync keeps it on disk: two-space indentation, keys sorted by their
/// UTF-8 bytes, `"key": value`, a final newline. The same value always gives the same bytes.
///
/// Everything is written into a byte buffer (not a `String`): the stages write hundreds of
/// megabytes of it on a first synchronization, and appending to a `String` a scalar at a time
/// was most of the extract's time. Documents go through a `ByteSink` and reach the caller's array
/// in one copy, since appending to an array a byte at a time checks its uniqueness every time.
public enum JSONWriter {
    /// The pretty, sorted text of `value`, ending in a newline.
    public static func pretty(_ value: JSONValue) -> String {
        String(decoding: prettyData(value), as: UTF8.self)
    }

    /// `pretty(value)` as UTF-8 bytes.
    public static func prettyData(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        appendPretty(value, into: &out)
        return out
    }

    /// Appends `value` pretty-printed at `indent` levels (its first line not indented), without
    /// the final newline, so a caller can write a large document piece by piece.
    public static func appendPretty(_ value: JSONValue, indent: Int = 0, into out: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &out) { sink in
            write(value, indent: indent, into: &sink)
            if indent == 0 { sink.append(newline) }
        }
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
        ByteSink.withSink(appendingTo: &out) { sink in writeCompact(value, into: &sink) }
    }

    private static func writeCompact(_ value: JSONValue, into out: inout ByteSink) {
        switch value {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeCompact(elements[index], into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = sortedMembers(members)
            for index in sorted.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeQuoted(sorted[index].key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeCompact(sorted[index].value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            write(value, indent: 0, into: &out)
        }
    }

    private static let newline = UInt8(ascii: "\n")

    private static func write(_ value: JSONValue, indent: Int, into out: inout ByteSink) {
        switch value {
        case .null: appendLiteral("null", into: &out)
        case .bool(let flag): appendLiteral(flag ? "true" : "false", into: &out)
        case .number(let literal): appendUTF8(of: literal, into: &out)
        case .string(let text): writeQuoted(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { return appendLiteral("[]", into: &out) }
            out.append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendLineBreak(indent: indent + 1, into: &out)
                write(elements[index], indent: indent + 1, into: &out)
            }
            appendLineBreak(indent: indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return appendLiteral("{}", into: &out) }
            out.append(UInt8(ascii: "{"))
            let sorted = sortedMembers(members)
            for index in sorted.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendLineBreak(indent: indent + 1, into: &out)
                writeQuoted(sorted[index].key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                write(sorted[index].value, indent: indent + 1, into: &out)
            }
            appendLineBreak(indent: indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object's keys in the order of their UTF-8 bytes.
    public static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted(by: utf8Precedes)
    }

    /// An object's members in the order of their keys' UTF-8 bytes: the writers take them in one pass, without
    /// looking each key up again.
    static func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        members.sorted { utf8Precedes($0.key, $1.key) }
    }

    /// Whether `lhs` sorts before `rhs` by their UTF-8 bytes.
    ///
    /// It reads both strings' bytes in place (no copy of either), since sorting keys calls it for every pair it
    /// compares.
    public static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let inPlace = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                for index in 0..<common where left[index] != right[index] { return left[index] < right[index] }
                return left.count < right.count
            }
        }
        return (inPlace ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// A newline and the indentation of `level`.
    private static func appendLineBreak(indent level: Int, into out: inout ByteSink) {
        out.append(newline)
        out.append(UInt8(ascii: " "), times: 2 * level)
    }

    private static func appendLiteral(_ literal: StaticString, into out: inout ByteSink) {
        literal.withUTF8Buffer { out.append(bytes: $0) }
    }

    private static func appendUTF8(of text: String, into out: inout ByteSink) {
        var text = text
        text.withUTF8 { out.append(bytes: $0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes, control characters
    /// and the line/paragraph separators U+2028 and U+2029.
    public static func appendQuoted(_ text: String, into out: inout [UInt8]) {
        writeQuoted(text, into: &out)
    }

    /// `appendQuoted` for any output. The text goes out in runs between the bytes that need an escape, which most
    /// strings do not have, so a plain string is a single copy; plain ASCII is passed over eight bytes at a time.
    private static func writeQuoted<Output: JSONByteOutput>(_ text: String, into out: inout Output) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                if let base = bytes.baseAddress {
                    while index + 8 <= bytes.count, PlainASCII.isPlain(UnsafeRawPointer(base + index)) { index += 8 }
                    guard index < bytes.count else { break }
                }
                let byte = bytes[index]
                // Only these bytes can start something to escape: '"', '\\', a control character, or the first byte of
                // U+2028 and U+2029 (E2 80 A8 and E2 80 A9).
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 else {
                    index += 1
                    continue
                }
                let isSeparator = byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
                if byte == 0xE2 && !isSeparator {
                    index += 1
                    continue
                }
                out.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): appendEscape(byte, into: &out)
                case UInt8(ascii: "\n"): appendEscape(UInt8(ascii: "n"), into: &out)
                case UInt8(ascii: "\r"): appendEscape(UInt8(ascii: "r"), into: &out)
                case UInt8(ascii: "\t"): appendEscape(UInt8(ascii: "t"), into: &out)
                case 0xE2: appendUnicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                default: appendUnicodeEscape(UInt32(byte), into: &out)
                }
                index += isSeparator ? 3 : 1
                start = index
            }
            out.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape<Output: JSONByteOutput>(_ letter: UInt8, into out: inout Output) {
        out.append(UInt8(ascii: "\\"))
        out.append(letter)
    }

    private static func appendUnicodeEscape<Output: JSONByteOutput>(_ value: UInt32, into out: inout Output) {
        appendEscape(UInt8(ascii: "u"), into: &out)
        for shift in [12, 8, 4, 0] as [UInt32] { out.append(hexDigits[Int((value >> shift) & 15)]) }
    }

    /// Appends `text` as a JSON string literal to a `String`.
    public static func appendQuoted(_ text: String, into out: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(text, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }
}
