import Testing
import QBSyncJSON

struct JSONTests {
    @Test func writingSortsKeysAndKeepsNumbersExactly() throws {
        let value: JSONValue = ["b": .cents(123450), "a": ["x/y", "é\n\"q\""], "c": [:], "d": []]
        let text = JSONWriter.pretty(value)
        #expect(
            text == """
                {
                  "a": [
                    "x/y",
                    "é\\n\\"q\\""
                  ],
                  "b": 1234.50,
                  "c": {},
                  "d": []
                }

                """)
        #expect(try JSONParser.parse(text) == value)
    }

    @Test(arguments: [
        ("{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8),
        ("{\"a\": 1,}", 1, 9),
        ("[1, 2", 1, 6),
        ("{\n \"é\": \"x\n\"}", 2, 9),
        ("{\"a\": 1, \"a\": 2}", 1, 10),
    ])
    func syntaxErrorsNameLineAndColumn(text: String, line: Int, column: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch let error as JSONSyntaxError {
            #expect(error.line == line)
            #expect(error.column == column)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func unicodeEscapesAndSurrogatePairsDecode() throws {
        #expect(try JSONParser.parse("\"\\u00e9\\ud83d\\ude00\\/\"") == .string("é😀/"))
    }

    @Test(arguments: [
        (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123456, "1234.56"), (-100, "-1.00"),
    ])
    func centsPrintWithTwoDecimals(cents: Int, text: String) {
        #expect(Money.decimalString(cents: cents) == text)
        #expect(Money.cents(fromDecimalString: text) == cents)
    }

    @Test func decimalsWithMoreThanTwoSignificantPlacesAreNotCents() {
        #expect(Money.cents(fromDecimalString: "1.005") == nil)
        #expect(Money.cents(fromDecimalString: "1.500") == 150)
        #expect(Money.cents(fromDecimalString: "12") == 1200)
        #expect(Money.cents(fromDecimalString: "abc") == nil)
    }

    @Test(arguments: [(2_500, 1000, 3), (-2_500, 1000, -3), (2_499, 1000, 2), (1_500, 1000, 2), (-1_499, 1000, -1)])
    func roundingIsHalfAwayFromZero(numerator: Int, denominator: Int, expected: Int) {
        #expect(Money.roundedDivision(numerator, by: denominator) == expected)
    }
}

struct JSONCompactWriterTests {
    @Test func compactWritingKeepsOneLineSortedAndReadsBack() throws {
        let value: JSONValue = ["b": [1, "x\ny"], "a": .cents(5), "c": [:]]
        let text = JSONWriter.compact(value)
        #expect(text == "{\"a\":0.05,\"b\":[1,\"x\\ny\"],\"c\":{}}")
        #expect(try JSONParser.parse(text) == value)
    }
}
