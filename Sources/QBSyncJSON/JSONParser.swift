/// Why a JSON text could not be read, and where: line and column count from 1, columns in
/// characters of that line, so an editor jumps straight to the spot.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A strict JSON (RFC 8259) reader that keeps number literals as text and reports the line and
/// column of the first error, for batch files an accountant may have edited by hand.
///
/// It reads the bytes through a buffer pointer (no array bounds or uniqueness checks per byte) because the transform
/// parses every extract file with it, and it holds the members and elements of the objects and arrays being read on
/// two stacks, so each dictionary and array is allocated once at its final size.
public struct JSONParser {
    /// The document, borrowed for the duration of `parse(buffer:)`.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// The members read so far of every object still open, innermost last; an object takes its own off the top
    /// when it closes, so its dictionary is built once at its final capacity instead of rehashing as it grows.
    private var pendingMembers: [PendingMember] = []
    /// The elements read so far of every array still open, innermost last (as `pendingMembers`).
    private var pendingElements: [JSONValue] = []

    /// An object member waiting for its object's '}'; `keyStart` places a duplicate-member error.
    private struct PendingMember {
        var key: String
        var keyStart: Int
        var value: JSONValue
    }

    /// Parses `text` into a value; throws `JSONSyntaxError`.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(buffer: $0) }
    }

    /// Parses UTF-8 bytes into a value; throws `JSONSyntaxError`.
    public static func parse(bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected text after the end of the document") }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func parseValue() throws -> JSONValue {
        guard index < bytes.count else { throw error("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enterNesting()
        index += 1
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return .object([:])
        }
        let first = pendingMembers.count
        do {
            while true {
                skipWhitespace()
                guard peek(UInt8(ascii: "\"")) else { throw error("expected a quoted member name") }
                let keyStart = index
                let key = try parseString()
                // The member waits on the stack from its key on, so an error later in it still sees a repeated key.
                pendingMembers.append(PendingMember(key: key, keyStart: keyStart, value: .null))
                let slot = pendingMembers.count - 1
                skipWhitespace()
                guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the member name") }
                index += 1
                skipWhitespace()
                pendingMembers[slot].value = try parseValue()
                skipWhitespace()
                if peek(UInt8(ascii: ",")) {
                    index += 1
                    skipWhitespace()
                    if peek(UInt8(ascii: "}")) { throw error("a trailing comma is not allowed before '}'") }
                    continue
                }
                guard peek(UInt8(ascii: "}")) else { throw error("expected ',' or '}' after an object member") }
                break
            }
        } catch let failure {
            // A repeated key comes before anything that failed after it, and the first error in the text is the one
            // to report. Ours leave the stack either way, so an enclosing object's check sees only its own members.
            var seen = Set<String>()
            let repeated = pendingMembers[first...].first { !seen.insert($0.key).inserted }
            pendingMembers.removeLast(pendingMembers.count - first)
            throw repeated.map { repeatedMemberError($0) } ?? failure
        }
        var members = [String: JSONValue](minimumCapacity: pendingMembers.count - first)
        var repeated: PendingMember?
        for slot in first..<pendingMembers.count {
            let member = takeMember(at: slot)
            let earlier = members.updateValue(member.value, forKey: member.key)
            if earlier != nil {
                repeated = member
                break
            }
        }
        pendingMembers.removeLast(pendingMembers.count - first)
        if let repeated { throw repeatedMemberError(repeated) }
        index += 1
        depth -= 1
        return .object(members)
    }

    private mutating func repeatedMemberError(_ member: PendingMember) -> JSONSyntaxError {
        index = member.keyStart
        return error("the member \"\(member.key)\" appears twice in this object")
    }

    private mutating func parseArray() throws -> JSONValue {
        try enterNesting()
        index += 1
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .array([])
        }
        let first = pendingElements.count
        while true {
            skipWhitespace()
            pendingElements.append(try parseValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                skipWhitespace()
                if peek(UInt8(ascii: "]")) { throw error("a trailing comma is not allowed before ']'") }
                continue
            }
            guard peek(UInt8(ascii: "]")) else { throw error("expected ',' or ']' after an array element") }
            index += 1
            depth -= 1
            var elements: [JSONValue] = []
            elements.reserveCapacity(pendingElements.count - first)
            for slot in first..<pendingElements.count { elements.append(takeElement(at: slot)) }
            pendingElements.removeLast(pendingElements.count - first)
            return .array(elements)
        }
    }

    // Taking a member or element off the stack leaves a value with nothing to release in its place, so it moves into
    // its dictionary or array without a retain there and a release here.

    private mutating func takeMember(at slot: Int) -> PendingMember {
        var member = PendingMember(key: "", keyStart: 0, value: .null)
        swap(&member, &pendingMembers[slot])
        return member
    }

    private mutating func takeElement(at slot: Int) -> JSONValue {
        var element = JSONValue.null
        swap(&element, &pendingElements[slot])
        return element
    }

    private mutating func enterNesting() throws {
        depth += 1
        if depth > 512 { throw error("the document nests deeper than 512 levels") }
    }

    /// Reads a string literal. Most strings have no escapes, so they become a `String` straight from their bytes
    /// (validated as UTF-8 only when they are not plain ASCII); the rest go through `parseEscapedString`.
    private mutating func parseString() throws -> String {
        index += 1  // the opening quote
        let start = index
        skipPlainASCII()
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try string(from: start, isASCII: highBits < 0x80)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("a control character (such as a raw newline or tab) must be escaped inside a string") }
            highBits |= byte
            index += 1
        }
        throw error("the string is not closed: a '\"' is missing")
    }

    /// Skips, eight bytes at a time, the start of a string that has no quote, backslash, control character or
    /// non-ASCII byte: most or all of a typical key or value, which the byte-at-a-time loop then finishes.
    private mutating func skipPlainASCII() {
        guard let base = bytes.baseAddress else { return }
        while index + 8 <= bytes.count, PlainASCII.isPlain(UnsafeRawPointer(base + index)) { index += 8 }
    }

    /// The bytes from `start` up to the current index as a string; an error at the current index if they are not
    /// valid UTF-8.
    private func string(from start: Int, isASCII: Bool) throws -> String {
        let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isASCII { return String(decoding: run, as: UTF8.self) }
        guard let text = String(validating: run, as: UTF8.self) else { throw error("the string is not valid UTF-8") }
        return text
    }

    /// Reads the rest of a string that has an escape at the current index, its text starting at `start`. Each run
    /// between escapes is checked as UTF-8 on its own, when the escape or closing quote after it is reached.
    private mutating func parseEscapedString(from start: Int) throws -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(index - start + 16)
        var runStart = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try appendRun(from: runStart, to: &utf8)
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte < 0x20 { throw error("a control character (such as a raw newline or tab) must be escaped inside a string") }
            if byte == UInt8(ascii: "\\") {
                try appendRun(from: runStart, to: &utf8)
                index += 1
                utf8.append(contentsOf: try parseEscape().utf8)
                runStart = index
                continue
            }
            index += 1
        }
        throw error("the string is not closed: a '\"' is missing")
    }

    /// Appends the bytes from `start` up to the current index; an error at the current index if they are not valid
    /// UTF-8.
    private func appendRun(from start: Int, to utf8: inout [UInt8]) throws {
        let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if run.contains(where: { $0 >= 0x80 }), String(validating: run, as: UTF8.self) == nil {
            throw error("the string is not valid UTF-8")
        }
        utf8.append(contentsOf: run)
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard index < bytes.count else { throw error("the string ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800...0xDBFF).contains(high) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("a lone surrogate in a \\u escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("a lone surrogate in a \\u escape") }
            return scalar
        default:
            index -= 1
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("a number may not start with 0") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("digits must follow the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("digits must follow the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count && word.withUTF8Buffer { expected in
            expected.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]))
        }
        guard matches else { throw error("expected a value (object, array, string, number, true, false or null)") }
        index += count
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// An error at the current position, with its line and column (in characters).
    private func error(_ reason: String) -> JSONSyntaxError {
        let position = min(index, bytes.count)
        var line = 1
        var lineStart = 0
        for offset in 0..<position where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<position]), as: UTF8.self).count + 1
        return JSONSyntaxError(line: line, column: column, reason: reason)
    }
}
