/// Writes an `XMLTreeDocument` as UTF-8 text: `<?xml version="1.0" encoding="utf-8"?>`, the
/// document's processing instructions, then the root. Text and attribute values are escaped
/// (`& < > " '`) and characters that XML 1.0 does not allow (most control characters, U+FFFE,
/// U+FFFF) are dropped, so whatever an OMS field holds, QuickBooks receives well-formed XML.
public enum XMLTreeWriter {
    /// The declaration every written document starts with.
    public static let declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

    /// The document as text. `indent` puts each element that has children on lines of its own,
    /// indented by that many spaces a level, for files people read; 0 writes it on one line.
    public static func write(_ document: XMLTreeDocument, indent: Int = 0) -> String {
        var out = declaration
        out += "\n"
        for instruction in document.processingInstructions {
            out += "<?\(instruction.target)"
            if !instruction.data.isEmpty { out += " " + legalCharacters(instruction.data) }
            out += "?>\n"
        }
        write(document.root, depth: 0, indent: indent, into: &out)
        if indent > 0 { out += "\n" }
        return out
    }

    /// One element (and its children) as text, without a declaration.
    public static func write(_ element: XMLTreeElement, indent: Int = 0) -> String {
        var out = ""
        write(element, depth: 0, indent: indent, into: &out)
        return out
    }

    /// `text` escaped for element content or an attribute value, illegal characters dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if isLegal(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether XML 1.0 allows `scalar` in a document (its production `Char`).
    public static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func legalCharacters(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.append(contentsOf: text.unicodeScalars.filter(isLegal))
        return out
    }

    private static func write(_ element: XMLTreeElement, depth: Int, indent: Int, into out: inout String) {
        let name = legalCharacters(element.name)
        out += "<" + name
        for attribute in element.attributes {
            out += " \(legalCharacters(attribute.name))=\"\(escape(attribute.value))\""
        }
        if element.children.isEmpty {
            if element.text.isEmpty {
                out += "/>"
            } else {
                out += ">" + escape(element.text) + "</" + name + ">"
            }
            return
        }
        out += ">"
        for child in element.children {
            if indent > 0 { out += "\n" + String(repeating: " ", count: indent * (depth + 1)) }
            write(child, depth: depth + 1, indent: indent, into: &out)
        }
        if indent > 0 { out += "\n" + String(repeating: " ", count: indent * depth) }
        out += "</" + name + ">"
    }
}
