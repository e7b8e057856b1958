import Foundation

/// One parsed HTTP/1.1 request as the sandbox sees it: the path and query already split and
/// percent-decoded, header names lower-cased (HTTP header names are case-insensitive).
struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ... as sent (upper case by convention, not normalised).
    var method: String
    /// The request target as sent, with its query string.
    var target: String
    /// The percent-decoded path without the query string.
    var path: String
    /// Query parameters, percent-decoded, `+` read as a space (form encoding); the first of a
    /// repeated name wins, as the real service does for `requestid` and `minorversion`.
    var query: [String: String]
    /// Header values by lower-cased name; repeated headers are joined with ", ".
    var headers: [String: String]
    /// The body bytes (de-chunked when it came chunked).
    var body: [UInt8]
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String

    /// Creates a request; tests and the parser use it.
    init(
        method: String, target: String, headers: [String: String] = [:], body: [UInt8] = [], version: String = "HTTP/1.1"
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.body = body
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.headers = lowered
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = HTTPRequest.percentDecode(String(parts[0]), plusIsSpace: false)
        self.query = parts.count > 1 ? HTTPRequest.parseForm(String(parts[1])) : [:]
    }

    /// The value of a header by any casing of its name.
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as UTF-8 text (invalid bytes replaced).
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the client asked to close the connection after this answer.
    var wantsClose: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return !connection.contains("keep-alive") }
        return connection.contains("close")
    }

    /// Parses `a=1&b=x%20y` (query strings and `application/x-www-form-urlencoded` bodies).
    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(nameValue[0]), plusIsSpace: true)
            let value = nameValue.count > 1 ? percentDecode(String(nameValue[1]), plusIsSpace: true) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    /// Decodes `%XX` escapes as UTF-8; a malformed escape is kept literally rather than refused,
    /// which is what lenient servers (and Intuit's gateway) do.
    static func percentDecode(_ text: String, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            }
            out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes a query-string component (everything but unreserved characters).
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
