import QBSyncXML

/// A SOAP 1.1 fault: the answer to an envelope the service cannot read or a call it does not
/// know (HTTP 500, as SOAP 1.1 says). Its text never quotes the request: a malformed request may
/// hold a password or a customer's name.
public struct SOAPFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// `soap:Client` (the request is at fault) or `soap:Server`.
    public var code: String
    /// What went wrong, for the Web Connector's log.
    public var text: String

    /// A fault with `code` and `text`.
    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }

    /// The caller sent something the service cannot take.
    public static func client(_ text: String) -> SOAPFault { SOAPFault(code: "soap:Client", text: text) }
    /// The service failed.
    public static func server(_ text: String) -> SOAPFault { SOAPFault(code: "soap:Server", text: text) }

    public var description: String { "\(code): \(text)" }

    /// The fault envelope.
    public var envelope: String {
        SOAPReply.wrap(XMLTreeElement("soap:Fault", children: [.leaf("faultcode", code), .leaf("faultstring", text)]))
    }
}
