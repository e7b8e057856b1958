import Testing
import QBSyncJSON

/// The parser's and writer's fast paths (plain strings straight from their bytes, members held on a stack until their
/// object closes, runs copied between escapes) must read and write exactly what the plain byte-at-a-time code did.
struct JSONFastPathTests {
    /// The description (line, column and reason) of the syntax error `parse` throws; nil when it throws none.
    private func syntaxError(_ parse: () throws -> JSONValue) -> String? {
        do {
            _ = try parse()
            return nil
        } catch {
            return (error as? JSONSyntaxError)?.description
        }
    }

    @Test(arguments: [
        ("\"plain\"", "plain"),
        ("\"café ☕ 😀\"", "café ☕ 😀"),
        ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\\ud83d\\ude00é-tail\"", "a\"b\\c/d\u{08}\u{0C}\n\r\tAé€😀é-tail"),
        ("\"\\u00e9é\\n\"", "éé\n"),
        ("\"\"", ""),
        ("\"exactly fifteen\"", "exactly fifteen"),
        ("\"sixteen bytes ok\"", "sixteen bytes ok"),
    ])
    func stringsWithAndWithoutEscapesRead(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
        #expect(try JSONParser.parse(bytes: Array(text.utf8)) == .string(expected))
    }

    @Test(arguments: [
        ("-0", "-0"), ("0", "0"), ("0.5e+10", "0.5e+10"), ("1E-2", "1E-2"), ("12e3", "12e3"),
        ("-12345678901234567890.1234567890", "-12345678901234567890.1234567890"),
    ])
    func numbersKeepTheirLiteral(text: String, literal: String) throws {
        #expect(try JSONParser.parse(text) == .number(literal))
        #expect(try JSONParser.parse("[\(text)]") == .array([.number(literal)]))
    }

    @Test(arguments: [
        ("\"tab\there\"", 1, 5, "a control character (such as a raw newline or tab) must be escaped inside a string"),
        ("\"open", 1, 6, "the string is not closed: a '\"' is missing"),
        ("\"bad \\x\"", 1, 7, "unknown escape '\\x'"),
        ("\"\\u12\"", 1, 4, "a \\u escape needs four hex digits"),
        ("\"\\ud800\\u0041\"", 1, 14, "a lone surrogate in a \\u escape"),
        ("{\"a\":1,\"a\":tru}", 1, 8, "the member \"a\" appears twice in this object"),
        ("{\"a\":1,\"a\" 2}", 1, 8, "the member \"a\" appears twice in this object"),
        ("{\"a\":1,\"b\" 2}", 1, 12, "expected ':' after the member name"),
        ("{\"a\":1,\"b\":{\"c\":1,\"c\":2},\"b\":3}", 1, 19, "the member \"c\" appears twice in this object"),
        ("{\"a\":{\"b\":1,\"a\":[1,}]}", 1, 20, "expected a value (object, array, string, number, true, false or null)"),
        ("{\"a\":{\"b\":1,\"b\":[1,}]}", 1, 13, "the member \"b\" appears twice in this object"),
        ("{\"x\":{\"a\":1,\"a\":2},\"y\":1}", 1, 13, "the member \"a\" appears twice in this object"),
        ("[{\"a\":1},{\"a\":1,\"a\":2}]", 1, 17, "the member \"a\" appears twice in this object"),
        ("01", 1, 2, "a number may not start with 0"),
        ("1.", 1, 3, "digits must follow the decimal point"),
        ("2e+", 1, 4, "digits must follow the exponent"),
        ("-", 1, 2, "a number needs digits"),
        ("1.5x", 1, 4, "unexpected text after the end of the document"),
        ("nul", 1, 1, "expected a value (object, array, string, number, true, false or null)"),
        ("nulll", 1, 5, "unexpected text after the end of the document"),
        ("[1 2]", 1, 4, "expected ',' or ']' after an array element"),
        ("   ", 1, 4, "the document ends where a value was expected"),
        ("[\"x\" ,\n \"y\" \"z\"]", 2, 6, "expected ',' or ']' after an array element"),
    ])
    func errorsKeepTheirPlaceAndReason(text: String, line: Int, column: Int, reason: String) {
        #expect(syntaxError { try JSONParser.parse(text) } == "line \(line), column \(column): \(reason)")
    }

    @Test(arguments: [
        ([0x22, 0xFF, 0x22], 1, 3),
        ([0x22, 0x61, 0xC3, 0x22], 1, 4),
        ([0x22, 0xC3, 0x5C, 0x6E, 0xA9, 0x22], 1, 3),  // a sequence split by an escape is checked run by run
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, 5),  // an encoded surrogate
        ([0x0A, 0x22, 0xC3, 0xA9, 0xFF, 0x22], 2, 4),
        ([0x22, 0x5C, 0x6E, 0xE2, 0x80, 0x22], 1, 5),
    ] as [([UInt8], Int, Int)])
    func invalidUTF8IsReportedAtTheEndOfItsRun(bytes: [UInt8], line: Int, column: Int) {
        let expected = "line \(line), column \(column): the string is not valid UTF-8"
        #expect(syntaxError { try JSONParser.parse(bytes: bytes) } == expected)
    }

    /// Plain strings are scanned eight bytes at a time, so whatever needs attention is tried at every position of
    /// strings around that width.
    @Test func everyPositionOfAStringIsChecked() throws {
        let plain = " !#[]~\u{7f}09azAZ"  // the bytes next to those that need attention
        for length in 1..<40 {
            let filler = String(repeating: plain, count: 3).prefix(length)
            #expect(try JSONParser.parse("\"\(filler)\"") == .string(String(filler)))
            for position in 0..<length {
                let before = String(filler.prefix(position))
                let after = String(filler.dropFirst(position + 1))
                #expect(try JSONParser.parse("\"\(before)\\n\(after)\"") == .string(before + "\n" + after))
                #expect(try JSONParser.parse("\"\(before)\\\"\(after)\"") == .string(before + "\"" + after))
                #expect(try JSONParser.parse("\"\(before)é\(after)\"") == .string(before + "é" + after))
                let control = "line 1, column \(position + 2): a control character (such as a raw newline or tab) must be escaped"
                #expect(syntaxError { try JSONParser.parse("\"\(before)\u{1f}\(after)\"") } == control + " inside a string")
                let invalid = Array("\"\(before)".utf8) + [0xFF] + Array("\(after)\"".utf8)
                let utf8Error = "line 1, column \(length + 2): the string is not valid UTF-8"
                #expect(syntaxError { try JSONParser.parse(bytes: invalid) } == utf8Error)
            }
        }
    }

    /// The writer passes over plain ASCII eight bytes at a time too, so each escape is tried at every position.
    @Test func everyPositionOfAWrittenStringIsEscaped() {
        let plain = " !#[]~\u{7f}09azAZ"
        let escapes: [(String, String)] = [
            ("\n", "\\n"), ("\"", "\\\""), ("\\", "\\\\"), ("\u{1f}", "\\u001f"), ("\u{2028}", "\\u2028"), ("é", "é"), ("€", "€"),
        ]
        for length in 1..<40 {
            let filler = String(repeating: plain, count: 3).prefix(length)
            #expect(JSONWriter.compact(.string(String(filler))) == "\"\(filler)\"")
            for position in 0..<length {
                let before = String(filler.prefix(position))
                let after = String(filler.dropFirst(position + 1))
                for (raw, written) in escapes {
                    #expect(JSONWriter.compact(.string(before + raw + after)) == "\"" + before + written + after + "\"")
                }
            }
        }
    }

    @Test func nestingStopsAt512Levels() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONParser.parse(deepest)
        for _ in 0..<511 { value = value.arrayValue?.first ?? .null }
        #expect(value == .array([]))
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(syntaxError { try JSONParser.parse(tooDeep) } == "line 1, column 513: the document nests deeper than 512 levels")
        let objects = String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300)
        var member = try JSONParser.parse(objects)
        for _ in 0..<300 { member = member["a"] ?? .null }
        #expect(member == 1)
    }

    @Test func manyMembersAndElementsComeBackWhole() throws {
        var members: [String: JSONValue] = [:]
        for index in 0..<500 { members["key\(index)"] = [.string("v\(index)"), .int(index), [.null, true, [:]]] }
        let value = JSONValue.object(members)
        #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
    }

    @Test func writerEscapesOnlyWhatNeedsIt() {
        let value: JSONValue = ["\u{1}\u{1f}\u{7f}\"\\\n\r\t\u{2028}\u{2029}€😀", ["k\u{2028}": .null, "": true, "é": false]]
        #expect(
            JSONWriter.pretty(value) == """
                [
                  "\\u0001\\u001f\u{7f}\\"\\\\\\n\\r\\t\\u2028\\u2029€😀",
                  {
                    "": true,
                    "k\\u2028": null,
                    "é": false
                  }
                ]

                """)
        var text = ""
        JSONWriter.appendQuoted("q\"\u{0}", into: &text)
        #expect(text == "\"q\\\"\\u0000\"")
    }

    @Test func settingAMemberChangesOnlyThisValue() {
        var value: JSONValue = ["a": 1, "b": ["c": 2]]
        let before = value
        value["a"] = "one"
        value["d"] = .null
        value["b"]?["c"] = 3
        value["b"] = nil
        #expect(value == ["a": "one", "d": .null])
        #expect(before == ["a": 1, "b": ["c": 2]])
        var notAnObject: JSONValue = [1]
        notAnObject["a"] = 1
        #expect(notAnObject == [1])
    }

    @Test func keysSortByTheirUTF8Bytes() {
        let keys = ["b", "a", "é", "z", "ab", "A", "", "😀", "\u{FFFF}"]
        #expect(keys.sorted(by: JSONWriter.utf8Precedes) == ["", "A", "a", "ab", "b", "z", "é", "\u{FFFF}", "😀"])
        #expect(JSONWriter.sortedKeys(["b": 1, "a": 2, "é": 3, "z": 4]) == ["a", "b", "z", "é"])
        #expect(JSONWriter.compact(["b": 1, "a": 2, "é": 3, "ab": 5, "A": 6]) == "{\"A\":6,\"a\":2,\"ab\":5,\"b\":1,\"é\":3}")
    }

    /// The plain reading of a decimal, by substrings and characters, as qbsync had it.
    private static func plainCents(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(isDigit) else { return nil }
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 2, let units = Int(whole) else { return nil }
        let hundredths = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        return negative ? -(units * 100 + hundredths) : units * 100 + hundredths
    }

    @Test func decimalsAreReadOnTheirBytesAsByTheirCharacters() {
        let fixed = [
            "", "-", "0", "-0", "-0.00", "12", "12.", ".5", "1.5", "1.05", "1.500", "1.050", "1.005", "1.0010", "1.2.3", "+1", " 1",
            "1 ", "１２", "1\u{301}", "00012.30", "-1234.56", "92233720368547758.07", "99999999999999999999",
            "1e3", "0x10", "--1", "1-", "12.3a", "1,000.00",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-0000")
        let random = (0..<5_000).map { _ in
            String((0..<Int.random(in: 1...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        for text in fixed + random { #expect(Money.cents(fromDecimalString: text) == Self.plainCents(text), "\(text)") }
        // Beyond what an Int holds: no amount, where the plain reading would have trapped.
        #expect(Money.cents(fromDecimalString: "92233720368547758.08") == nil)
    }
}
