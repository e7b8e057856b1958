import Foundation

/// The Accounting API addresses, built from the connection so every call carries the realm and
/// the minor version.
extension QBOConnection {
    /// `{base}/v3/company/{realm}/batch?minorversion=N&requestid=ID`.
    func batchURL(requestID: String) -> URL {
        companyURL(path: "batch", query: [("minorversion", String(minorVersion)), ("requestid", requestID)])
    }

    /// `{base}/v3/company/{realm}/query?query=STATEMENT&minorversion=N`, the statement percent-encoded.
    func queryURL(statement: String) -> URL {
        companyURL(path: "query", query: [("query", statement), ("minorversion", String(minorVersion))])
    }

    /// `{base}/v3/company/{realm}/{entity}/{id}?minorversion=N`, entity lower-cased as QuickBooks spells it.
    func readURL(entity: String, id: String) -> URL {
        let path = Self.percentEncode(entity.lowercased()) + "/" + Self.percentEncode(id)
        return companyURL(path: path, query: [("minorversion", String(minorVersion))])
    }

    private func companyURL(path: String, query: [(String, String)]) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let queryText = query.map { Self.percentEncode($0.0) + "=" + Self.percentEncode($0.1) }.joined(separator: "&")
        let text = "\(base)/v3/company/\(Self.percentEncode(realm))/\(path)?\(queryText)"
        // Every piece is either the validated base URL or percent-encoded, so this cannot fail.
        return URL(string: text)!
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so a `'`, `=`, `&`, `+`
    /// or space in a query statement reaches QuickBooks as written.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out.append("%")
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
