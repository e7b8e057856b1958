import QBSyncXML

/// One qbXML request message set as the request processor reads it: the envelope checked, each
/// request validated against its model (any violation refuses the whole set, hresult
/// 0x80040400), and what the set asks of error recovery.
struct DesktopMessageSet {
    /// One request of the set, validated.
    struct Request {
        var element: XMLTreeElement
        var kind: QBXMLSchema.Request
        /// Over-long strings: the request answers 3070 instead of running.
        var overruns: [QBXMLLengthOverrun]

        var requestID: String? { element.attribute("requestID") }
        var isWrite: Bool { kind.body != nil || kind.wrapper == "TxnVoidRq" || kind.wrapper == "TxnDelRq" }
        var responseName: String { String(kind.wrapper.dropLast(2)) + "Rs" }
    }

    var stopOnError: Bool
    /// `responseData="includeNone"`: answers without their `…Ret`s.
    var includesNoData = false
    var newMessageSetID: String?
    var oldMessageSetID: String?
    var requests: [Request]
    /// Tells two bodies sent under one message-set id apart (9001).
    var checksum: String

    /// The text QuickBooks gives with hresult 0x80040400.
    static let parseFailure = "QuickBooks found an error when parsing the provided XML text stream."

    /// Reads and validates `text`; throws `QBXMLSchemaViolation` when the set must be refused.
    static func read(_ text: String) throws -> DesktopMessageSet {
        guard text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).hasPrefix("<?xml") else {
            throw QBXMLSchemaViolation(line: 1, reason: "the <?xml?> declaration is missing")
        }
        let document: XMLTreeDocument
        do {
            document = try XMLTreeReader.read(text)
        } catch let error as XMLSyntaxError {
            throw QBXMLSchemaViolation(line: error.line, reason: error.reason)
        }
        guard let version = document.instructionValue("qbxml", "version"), let number = Double(version),
            number > 0, number <= 13.0
        else { throw QBXMLSchemaViolation(line: 1, reason: "the <?qbxml version=\"13.0\"?> instruction is missing or above 13.0") }
        let root = document.root
        guard root.name == "QBXML", root.attributes.isEmpty, root.children.count == 1,
            let set = root.child("QBXMLMsgsRq")
        else { throw QBXMLSchemaViolation(line: root.line, reason: "<QBXML> must hold exactly one <QBXMLMsgsRq>") }
        for attribute in set.attributes
        where !["onError", "newMessageSetID", "oldMessageSetID", "responseData"].contains(attribute.name) {
            throw QBXMLSchemaViolation(line: set.line, reason: "attribute \(attribute.name) is not allowed on <QBXMLMsgsRq>")
        }
        guard let onError = set.attribute("onError"), ["stopOnError", "continueOnError"].contains(onError) else {
            throw QBXMLSchemaViolation(line: set.line, reason: "onError must be stopOnError or continueOnError")
        }
        if let data = set.attribute("responseData"), !["includeAll", "includeNone"].contains(data) {
            throw QBXMLSchemaViolation(line: set.line, reason: "responseData must be includeAll or includeNone")
        }
        var requests: [Request] = []
        for element in set.children {
            guard let kind = QBXMLSchema.requests[element.name] else {
                throw QBXMLSchemaViolation(line: element.line, reason: "<\(element.name)> is not a request QuickBooks knows")
            }
            try checkAttributes(element, kind: kind)
            let overruns = try QBXMLValidator.validate(element, against: kind.wrapperModel)
            requests.append(Request(element: element, kind: kind, overruns: overruns))
        }
        let body = requests.map { XMLTreeWriter.write($0.element) }.joined()
        return DesktopMessageSet(
            stopOnError: onError == "stopOnError",
            includesNoData: set.attribute("responseData") == "includeNone", newMessageSetID: set.attribute("newMessageSetID"),
            oldMessageSetID: set.attribute("oldMessageSetID"), requests: requests, checksum: Self.fnv1a(body))
    }

    private static func checkAttributes(_ element: XMLTreeElement, kind: QBXMLSchema.Request) throws {
        var allowed = ["requestID"]
        if kind.body == nil && kind.wrapper.hasSuffix("QueryRq") { allowed.append("metaData") }
        if kind.iterates { allowed += ["iterator", "iteratorID"] }
        for attribute in element.attributes where !allowed.contains(attribute.name) {
            throw QBXMLSchemaViolation(line: element.line, reason: "attribute \(attribute.name) is not allowed on <\(element.name)>")
        }
        if let iterator = element.attribute("iterator"), !["Start", "Continue", "Stop"].contains(iterator) {
            throw QBXMLSchemaViolation(line: element.line, reason: "iterator must be Start, Continue or Stop")
        }
        if let body = kind.body.flatMap({ element.child($0) }), let macro = body.attribute("defMacro"),
            !macro.hasPrefix("TxnID:") || macro.count == 6
        {
            throw QBXMLSchemaViolation(line: body.line, reason: "defMacro must read TxnID:name")
        }
        try checkMacroUses(element)
    }

    private static func checkMacroUses(_ element: XMLTreeElement) throws {
        if let use = element.attribute("useMacro"), !use.hasPrefix("TxnID:") || use.count == 6 {
            throw QBXMLSchemaViolation(line: element.line, reason: "useMacro must read TxnID:name")
        }
        for child in element.children { try checkMacroUses(child) }
    }

    /// 64-bit FNV-1a of the set's requests as written, in hex.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// A qbXML response document around `messages` (a `QBXMLMsgsRs`).
    static func document(_ messages: XMLTreeElement) -> String {
        XMLTreeWriter.write(
            XMLTreeDocument(
                processingInstructions: [.init("qbxml", "version=\"13.0\"")], root: XMLTreeElement("QBXML", children: [messages])))
    }
}
