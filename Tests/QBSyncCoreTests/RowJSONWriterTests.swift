import QBSyncJSON
import Testing

@testable import QBSyncCore

/// The extract writes rows as bytes without JSONValue; the text must be what JSONWriter writes.
struct RowJSONWriterTests {
    @Test(arguments: [
        "", "plain", "quote \" and backslash \\", "line\nbreak\r\n\ttab", "\u{0}\u{1}\u{8}\u{c}\u{1b}\u{1f} controls",
        "\u{7f} delete stays", "naïve café — “quotes”", "👂🏽🦻 emoji", "\u{2028} and \u{2029} end lines in JavaScript",
        "almost \u{2027}\u{202a}", String(repeating: "2,000 characters of notes. ", count: 80),
    ])
    func textIsEscapedAsJSONWriterEscapesIt(text: String) throws {
        var bytes = RowJSONWriter()
        bytes.append(quoted: text)
        var expected = ""
        JSONWriter.appendQuoted(text, into: &expected)
        #expect(String(decoding: bytes.bytes, as: UTF8.self) == expected)
        #expect(try JSONParser.parse(bytes: bytes.bytes) == .string(text))
    }

    @Test(arguments: [0, 7, -7, 1_042, Int64.max, Int64.min])
    func integersAreWrittenAsLiterals(value: Int64) {
        var bytes = RowJSONWriter()
        bytes.append(int: value)
        #expect(String(decoding: bytes.bytes, as: UTF8.self) == String(value))
    }

    @Test(arguments: [
        [0xC3, 0x28], [0xFF, 0x41], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x41, 0xE2, 0x80, 0xA8],
    ] as [[UInt8]])
    func bytesThatAreNotUTF8AreRepairedAsSwiftRepairsThem(raw: [UInt8]) throws {
        var bytes = RowJSONWriter()
        raw.withUnsafeBufferPointer { bytes.append(quotedUTF8: $0) }
        #expect(try JSONParser.parse(bytes: bytes.bytes) == .string(String(decoding: raw, as: UTF8.self)))
    }
}
