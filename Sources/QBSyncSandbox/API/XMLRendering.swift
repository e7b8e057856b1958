import QBSyncJSON

/// QuickBooks answers in XML unless the request asks for JSON (`Accept: application/json`).
/// The sandbox does the same, by writing its JSON answer in QBO's XML shape: an
/// `IntuitResponse` root with `time`, members as elements (arrays as repeated elements),
/// lower-case scalar members (`domain`, `sparse`, `bId`, `code`, `type`...) as attributes and
/// a reference's `value` as its text (`<CustomerRef name="Jane">12</CustomerRef>`). A client
/// that forgets the header gets XML here as it would in production, and finds out early.
enum XMLRendering {
    static func intuitResponse(_ body: JSONValue) -> String {
        var members = body.objectValue ?? [:]
        let time = members.removeValue(forKey: "time")?.stringValue
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\""
        if let time { out += " time=\"\(escape(time))\"" }
        out += ">"
        for key in members.keys.sorted() { element(key, members[key]!, into: &out) }
        out += "</IntuitResponse>\n"
        return out
    }

    private static func element(_ name: String, _ value: JSONValue, into out: inout String) {
        switch value {
        case .array(let elements):
            for element in elements { self.element(name, element, into: &out) }
        case .object(let members):
            out += "<\(name)"
            for key in members.keys.sorted() where isAttribute(key, members[key]!) {
                out += " \(key)=\"\(escape(text(members[key]!)))\""
            }
            out += ">"
            if let text = members["value"].map(text) { out += escape(text) }
            for key in members.keys.sorted() where !isAttribute(key, members[key]!) && key != "value" {
                element(key, members[key]!, into: &out)
            }
            out += "</\(name)>"
        case .null:
            out += "<\(name)/>"
        default:
            out += "<\(name)>\(escape(text(value)))</\(name)>"
        }
    }

    private static func isAttribute(_ key: String, _ value: JSONValue) -> Bool {
        guard key != "value", let first = key.first, first.isLowercase else { return false }
        switch value {
        case .string, .number, .bool: return true
        default: return false
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .number(let literal): return literal
        case .bool(let flag): return flag ? "true" : "false"
        default: return ""
        }
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
