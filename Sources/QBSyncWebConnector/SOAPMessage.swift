import Foundation
import QBSyncXML

/// One SOAP 1.1 document/literal call as the Web Connector makes it: the method (the Body's
/// element, `authenticate`) and its parameters by their exact WSDL names.
public struct SOAPCall: Sendable, Equatable {
    /// The namespace of every QBWebConnectorSvc element.
    public static let namespace = "http://developer.intuit.com/"
    /// The SOAP 1.1 envelope namespace.
    public static let envelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"

    /// The method's name (`sendRequestXML`).
    public var method: String
    /// Each parameter's text, by its WSDL name (`strHCPResponse`).
    public var parameters: [String: String]

    /// A call built in code.
    public init(method: String, parameters: [String: String] = [:]) {
        self.method = method
        self.parameters = parameters
    }

    /// Reads a request envelope; throws `SOAPFault` (a client fault) when it is not one.
    public init(envelope text: String) throws {
        let document: XMLTreeDocument
        do {
            document = try XMLTreeReader.read(text)
        } catch let error as XMLSyntaxError {
            throw SOAPFault.client("The request is not well-formed XML (\(error)).")
        } catch {
            throw SOAPFault.client("The request is not well-formed XML.")
        }
        guard Self.localName(document.root.name) == "Envelope" else {
            throw SOAPFault.client("The request is not a SOAP envelope: its root element is not Envelope.")
        }
        let bodies = document.root.children.filter { Self.localName($0.name) == "Body" }
        guard bodies.count == 1, let body = bodies.first else {
            throw SOAPFault.client("The SOAP envelope must hold exactly one Body.")
        }
        guard body.children.count == 1, let call = body.children.first else {
            throw SOAPFault.client("The SOAP Body must hold exactly one method element.")
        }
        method = Self.localName(call.name)
        var parameters: [String: String] = [:]
        for parameter in call.children {
            // An array parameter has no place in this WSDL's requests: refuse rather than guess.
            guard parameter.children.isEmpty else {
                throw SOAPFault.client("The parameter \(Self.localName(parameter.name)) of \(method) must be text.")
            }
            parameters[Self.localName(parameter.name)] = parameter.text
        }
        self.parameters = parameters
    }

    /// `soap:Body` → `Body`: prefixes vary between clients, the local names do not.
    static func localName(_ name: String) -> String {
        name.split(separator: ":", maxSplits: 1).last.map(String.init) ?? name
    }
}

/// A method's answer: `<methodResponse><methodResult>…</methodResult></methodResponse>`.
public struct SOAPReply: Sendable, Equatable {
    /// A result's content.
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// `ArrayOfString`: `<string>` children (authenticate).
        case strings([String])
    }

    /// The method answered.
    public var method: String
    /// What it answers.
    public var value: Value

    /// `method`'s answer `value`.
    public init(method: String, value: Value) {
        self.method = method
        self.value = value
    }

    /// The response envelope.
    public var envelope: String {
        let result: XMLTreeElement
        switch value {
        case .text(let text): result = .leaf(method + "Result", text)
        case .integer(let number): result = .leaf(method + "Result", String(number))
        case .strings(let strings): result = XMLTreeElement(method + "Result", children: strings.map { .leaf("string", $0) })
        }
        let response = XMLTreeElement(method + "Response", attributes: [.init("xmlns", SOAPCall.namespace)], children: [result])
        return Self.wrap(response)
    }

    /// `content` inside `soap:Envelope`/`soap:Body`, with the declaration.
    static func wrap(_ content: XMLTreeElement) -> String {
        let envelope = XMLTreeElement(
            "soap:Envelope",
            attributes: [
                .init("xmlns:soap", SOAPCall.envelopeNamespace),
                .init("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                .init("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
            ],
            children: [XMLTreeElement("soap:Body", children: [content])])
        return XMLTreeWriter.write(XMLTreeDocument(root: envelope))
    }
}
