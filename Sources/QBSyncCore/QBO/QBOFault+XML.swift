import Foundation

/// Reading a fault from an XML answer. QuickBooks answers in XML when `Accept` is missing, and its
/// throttling layer sometimes does so anyway:
///
///     <IntuitResponse time="..."><Fault type="SERVICE"><Error code="3001" element="">
///       <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
///       <Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>
///
/// Only this shape is needed, so a few patterns do instead of a full XML parser (FoundationXML
/// would drag libxml2 into every build); namespace prefixes and either casing are accepted.
extension QBOFault {
    /// The fault in an XML document, or nil when there is none.
    static func fromXML(_ text: String) -> QBOFault? {
        guard let fault = XMLPattern.fault.firstMatch(in: text) else { return nil }
        let attributes = Self.xmlAttributes(fault[1])
        let errors = XMLPattern.error.allMatches(in: fault[2]).map { match -> Issue in
            let errorAttributes = Self.xmlAttributes(match[1])
            let body = match[2]
            return Issue(
                code: errorAttributes["code"] ?? Self.xmlChild("code", in: body),
                message: Self.xmlChild("Message", in: body),
                detail: Self.xmlChild("Detail", in: body),
                element: errorAttributes["element"] ?? Self.xmlChild("element", in: body))
        }
        guard attributes["type"] != nil || !errors.isEmpty else { return nil }
        return QBOFault(type: attributes["type"], errors: errors)
    }

    /// Attributes by lower-cased name, values unescaped.
    private static func xmlAttributes(_ text: String) -> [String: String] {
        var attributes: [String: String] = [:]
        for match in XMLPattern.attribute.allMatches(in: text) {
            let value = match[2].isEmpty ? match[3] : match[2]
            attributes[match[1].lowercased()] = unescapeXML(value)
        }
        return attributes
    }

    /// The text of the first child element called `name` (any casing, any prefix), or nil.
    private static func xmlChild(_ name: String, in text: String) -> String? {
        let pattern = XMLPattern("<(?:[A-Za-z0-9_.-]+:)?\(name)\\b[^>]*>(.*?)</(?:[A-Za-z0-9_.-]+:)?\(name)\\s*>")
        return pattern.firstMatch(in: text).map { unescapeXML($0[1]).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Replaces the five predefined entities, numeric references and CDATA wrappers.
    static func unescapeXML(_ text: String) -> String {
        var text = text
        if text.hasPrefix("<![CDATA["), text.hasSuffix("]]>") { return String(text.dropFirst(9).dropLast(3)) }
        for match in XMLPattern.numericEntity.allMatches(in: text).reversed() {
            let digits = match[1]
            let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { continue }
            text = text.replacingOccurrences(of: match[0], with: String(Character(scalar)))
        }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A compiled, case-insensitive pattern whose matches come back as capture-group strings.
private struct XMLPattern: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented as thread-safe.
    private let regex: NSRegularExpression

    init(_ pattern: String) {
        // The patterns are fixed text in this file; a typo would fail every fault test.
        regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
    }

    static let fault = XMLPattern("<(?:[A-Za-z0-9_.-]+:)?Fault\\b([^>]*)>(.*?)</(?:[A-Za-z0-9_.-]+:)?Fault\\s*>")
    static let error = XMLPattern("<(?:[A-Za-z0-9_.-]+:)?Error\\b([^>]*)>(.*?)</(?:[A-Za-z0-9_.-]+:)?Error\\s*>")
    static let attribute = XMLPattern("([A-Za-z_][A-Za-z0-9_.:-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')")
    static let numericEntity = XMLPattern("&#(x[0-9a-f]+|[0-9]+);")

    func firstMatch(in text: String) -> [String]? { allMatches(in: text).first }

    func allMatches(in text: String) -> [[String]] {
        let whole = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: whole).map { match in
            (0..<match.numberOfRanges).map { index in
                guard let range = Range(match.range(at: index), in: text) else { return "" }
                return String(text[range])
            }
        }
    }
}
