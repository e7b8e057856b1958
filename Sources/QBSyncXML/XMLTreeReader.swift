import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an XML document into an `XMLTreeDocument` with Foundation's `XMLParser` (libxml2 on
/// Linux). External entities are never resolved and a document type declaration is refused:
/// neither qbXML nor SOAP has one, and both are how an XML reader is made to read local files
/// or expand without end.
public enum XMLTreeReader {
    /// Reads `text`; throws `XMLSyntaxError` with the line and column of the first problem.
    public static func read(_ text: String) throws -> XMLTreeDocument {
        try read(data: Data(text.utf8))
    }

    /// Reads UTF-8 bytes; throws `XMLSyntaxError`.
    public static func read(data: Data) throws -> XMLTreeDocument {
        if let position = doctypePosition(in: data) {
            throw XMLSyntaxError(
                line: position.line, column: position.column, reason: "a document type declaration is not accepted")
        }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        let builder = TreeBuilder(attributeOrder: StartTagScanner.attributeNames(in: [UInt8](data)))
        parser.delegate = builder
        let finished = parser.parse()
        // The first error as the parser met it: its position afterwards is wherever the parser
        // stopped reading, and Linux's parser reports some errors yet returns true.
        if let failure = builder.failure { throw failure }
        guard finished, let root = builder.root else {
            throw XMLSyntaxError(
                line: parser.lineNumber, column: parser.columnNumber, reason: "the document has no root element")
        }
        return XMLTreeDocument(processingInstructions: builder.instructions, root: root)
    }

    /// Words for the libxml2 codes a hand edit most often causes; the parser's own message is
    /// not used because it may quote the document. `open` tells a document cut short (code 5
    /// with elements still open) from content after the root (code 5 with none).
    static func reason(_ code: Int, open: Bool) -> String {
        switch code {
        case 4: return "the document is empty"
        case 5, 77: return open ? "the document ends before its root element is closed" : "content after the end of the root element"
        case 76, 85: return "an end tag does not match the element it closes"
        case 9: return "a character that XML does not allow here"
        case 23, 24, 26, 27, 68, 89: return "an '&' that does not start a known entity (write '&amp;')"
        case 38: return "a '<' inside an attribute value (write '&lt;')"
        case 42: return "an attribute given twice on one element"
        default: return "the XML is not well-formed (parser code \(code))"
        }
    }

    /// Where `<!DOCTYPE` starts, if anywhere.
    private static func doctypePosition(in data: Data) -> (line: Int, column: Int)? {
        let marker = Array("<!DOCTYPE".utf8)
        let bytes = [UInt8](data)
        guard bytes.count >= marker.count else { return nil }
        var line = 1
        var column = 1
        for index in 0...(bytes.count - marker.count) {
            if bytes[index] == marker[0], Array(bytes[index..<(index + marker.count)]) == marker {
                return (line, column)
            }
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return nil
    }
}

/// The parser's delegate: a stack of open elements, the finished root, and the first error of
/// its own (text between child elements) that the parser would not report, or the parser's.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTreeElement] = []
    var root: XMLTreeElement?
    var instructions: [XMLTreeDocument.ProcessingInstruction] = []
    var failure: XMLSyntaxError?
    /// Attribute names of every start tag in document order, from `StartTagScanner`.
    let attributeOrder: [[String]]
    private var nextTag = 0

    init(attributeOrder: [[String]]) {
        self.attributeOrder = attributeOrder
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        // XMLParser hands attributes over as a dictionary; the written order comes from the
        // scanner's list for this start tag (start tags are reported in document order).
        if let parent = stack.last, parent.text.contains(where: { !$0.isWhitespace }) { mixedContent(parser) }
        let order = nextTag < attributeOrder.count ? attributeOrder[nextTag] : []
        nextTag += 1
        var attributes = order.compactMap { name in attributeDict[name].map { XMLTreeElement.Attribute(name, $0) } }
        for (name, value) in attributeDict.sorted(by: { $0.key < $1.key }) where !order.contains(name) {
            attributes.append(XMLTreeElement.Attribute(name, value))
        }
        stack.append(
            XMLTreeElement(
                elementName, attributes: attributes, line: parser.lineNumber, column: parser.columnNumber))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        if !stack[stack.count - 1].children.isEmpty, string.contains(where: { !$0.isWhitespace }) {
            mixedContent(parser)
        }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var element = stack.popLast() else { return }
        if !element.children.isEmpty { element.text = "" }
        if stack.isEmpty {
            if root != nil, failure == nil {
                failure = XMLSyntaxError(
                    line: element.line, column: element.column, reason: "content after the end of the root element")
            }
            root = root ?? element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    /// Text beside child elements: well-formed XML, but nothing qbXML or SOAP gives a meaning.
    private func mixedContent(_ parser: XMLParser) {
        guard failure == nil else { return }
        failure = XMLSyntaxError(
            line: parser.lineNumber, column: parser.columnNumber, reason: "text between the child elements of an element")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard failure == nil else { return }
        let code = (parseError as NSError).code
        failure = XMLSyntaxError(
            line: parser.lineNumber, column: parser.columnNumber,
            reason: XMLTreeReader.reason(code, open: !stack.isEmpty || root == nil))
    }

    func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
        guard stack.isEmpty, root == nil else { return }
        instructions.append(XMLTreeDocument.ProcessingInstruction(target, data ?? ""))
    }
}
