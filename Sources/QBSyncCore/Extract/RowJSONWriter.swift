import GRDB
import GRDBSQLite

/// Writes OMS rows as compact JSON straight into a byte buffer, reading each value from the
/// SQLite statement without making a `JSONValue` or a Swift `String` of it: the extract writes
/// every row of years of history, and building values then printing them was most of its time.
///
/// The text is what `JSONWriter` would write for the same row: integers as literals, text
/// escaped the same way (quotes, backslashes, control characters, U+2028 and U+2029), a stray
/// real or blob kept visibly as `OMSDatabase.json` keeps it.
struct RowJSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    /// Appends bytes as they are (punctuation, a prepared key).
    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Appends bytes as they are.
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    /// Appends one ASCII character.
    mutating func append(ascii: Unicode.Scalar) { bytes.append(UInt8(ascii: ascii)) }

    /// Appends ASCII text as it is.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends part of another buffer.
    mutating func append(_ other: RowJSONWriter, _ range: Range<Int>) {
        other.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Appends an integer literal.
    mutating func append(int value: Int64) {
        guard value != 0 else { return bytes.append(UInt8(ascii: "0")) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so that Int64.min needs no special case.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            while magnitude > 0 {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Appends `text` as a JSON string literal.
    mutating func append(quoted text: String) {
        var text = text
        text.withUTF8 { append(quotedUTF8: $0) }
    }

    /// Appends UTF-8 bytes as a JSON string literal. Bytes that are not UTF-8 (the OMS column
    /// is TEXT, but SQLite does not check) are repaired the way Swift repairs them in a `String`.
    mutating func append(quotedUTF8 text: UnsafeBufferPointer<UInt8>) {
        guard Self.isValidUTF8(text) else {
            let repaired = String(decoding: text, as: UTF8.self)
            return append(quoted: repaired)
        }
        bytes.append(UInt8(ascii: "\""))
        guard let base = text.baseAddress else { return bytes.append(UInt8(ascii: "\"")) }
        var runStart = 0
        var index = 0
        let count = text.count
        while index < count {
            let byte = base[index]
            let escape: StaticString
            var width = 1
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0..<0x20:
                escape = ""
            case 0xE2 where index + 2 < count && base[index + 1] == 0x80 && (base[index + 2] == 0xA8 || base[index + 2] == 0xA9):
                // U+2028 and U+2029 end a line in JavaScript: escaped, as JSONWriter does.
                escape = base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                width = 3
            default:
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            if escape.utf8CodeUnitCount > 0 {
                append(escape)
            } else {
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0f)])
            }
            index += width
            runStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends column `column` of the current row of `statement` as a JSON value.
    mutating func append(column: Int32, of statement: SQLiteStatement) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            append(int: sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            let number = sqlite3_column_double(statement, column)
            append(Array((number.isFinite ? "\(number)" : "0").utf8))
        case SQLITE_TEXT:
            let text = sqlite3_column_text(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            append(quotedUTF8: UnsafeBufferPointer(start: text, count: text == nil ? 0 : length))
        case SQLITE_BLOB:
            append(quoted: "<\(sqlite3_column_bytes(statement, column)) bytes of binary data>")
        default:
            append("null")
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let count = text.count
        var index = 0
        while index < count {
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let width: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; high = 0x9F
            case 0xF0: width = 4; low = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; high = 0x8F
            default: return false
            }
            guard index + width <= count, (low...high).contains(base[index + 1]) else { return false }
            for offset in 2..<max(width, 2) where !(0x80...0xBF).contains(base[index + offset]) { return false }
            index += width
        }
        return true
    }
}
