import Foundation
import QBSyncXML

/// One `2-transform/batches/*.qbxml` file: a qbXML request message set of at most 30 requests,
/// as QuickBooks reads it and an accountant opens it.
///
/// ```xml
/// <?xml version="1.0" encoding="utf-8"?>
/// <?qbxml version="13.0"?>
/// <QBXML>
///   <QBXMLMsgsRq onError="stopOnError">
///     <InvoiceAddRq requestID="b1 invoice sale:283 patient">…</InvoiceAddRq>
/// ```
///
/// Each request's `requestID` is its position in the set (`b1`, as `plan.json` names it) and its
/// object key, at most 50 characters. `newMessageSetID` is the load's to add. A `TxnID` that an
/// earlier request of the set adds is a macro (`QBXMLMacros`).
public struct QBXMLMessageSet: Sendable, Equatable {
    /// One request: its id in the set (`b1`) and its `XxxRq` element, `requestID` included.
    public struct Request: Sendable, Equatable {
        public var bId: String
        public var element: XMLTreeElement
    }

    public static let version = "13.0"
    public var requests: [Request]

    /// The set of `operations` (`bId`, request without requestID) in order, macros applied.
    public init(operations: [(bId: String, key: String, request: XMLTreeElement)]) {
        var requests = operations.map { operation in
            var element = operation.request
            element.attributes = [XMLTreeElement.Attribute("requestID", Self.requestID(bId: operation.bId, key: operation.key))]
            return Request(bId: operation.bId, element: element)
        }
        QBXMLMacros.apply(to: &requests, keys: operations.map(\.key))
        self.requests = requests
    }

    init(requests: [Request]) { self.requests = requests }

    /// `b3 invoice sale:283 patient`, cut at 50 characters (QuickBooks refuses longer with 1060).
    public static func requestID(bId: String, key: String) -> String { String("\(bId) \(key)".prefix(50)) }

    /// The `bId` a `requestID` starts with.
    public static func bId(ofRequestID requestID: String) -> String { String(requestID.prefix { $0 != " " }) }

    /// The document, indented for people.
    public var text: String {
        let root = XMLTreeElement(
            "QBXML",
            children: [XMLTreeElement("QBXMLMsgsRq", attributes: [.init("onError", "stopOnError")], children: requests.map(\.element))])
        return XMLTreeWriter.write(
            XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"\(Self.version)\"")], root: root), indent: 2)
    }

    /// Reads a set as written (or hand-edited). A file that is not XML, or not a qbXML request
    /// set, is refused naming `file` and, for XML, the line and column.
    public static func read(_ data: Data, file: String) throws -> QBXMLMessageSet {
        let document: XMLTreeDocument
        do {
            document = try XMLTreeReader.read(data: data)
        } catch let error as XMLSyntaxError {
            throw QBXMLFileError(file: file, line: error.line, column: error.column, reason: error.reason)
        }
        guard document.root.name == "QBXML", let set = document.root.child("QBXMLMsgsRq") else {
            throw QBXMLFileError(file: file, line: document.root.line, column: document.root.column, reason: "the document is not a qbXML request set (QBXML/QBXMLMsgsRq)")
        }
        var requests: [Request] = []
        for element in set.children {
            guard let requestID = element.attribute("requestID") else {
                throw QBXMLFileError(file: file, line: element.line, column: element.column, reason: "\(element.name) has no requestID")
            }
            requests.append(Request(bId: bId(ofRequestID: requestID), element: element))
        }
        return QBXMLMessageSet(requests: requests)
    }
}

/// A `.qbxml` file that cannot be read: where, and why, never quoting its content (it may hold
/// names).
public struct QBXMLFileError: LocalizedError, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String

    public var errorDescription: String? {
        "\(file):\(line):\(column): not a valid qbXML message set: \(reason). Undo the hand edit (or run 'qbsync transform' again for this run)"
    }
}
