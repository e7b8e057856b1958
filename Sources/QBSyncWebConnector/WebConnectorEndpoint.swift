/// What each path of the service answers, apart from HTTP itself: `POST /qbwc` takes SOAP,
/// `GET /qbwc/support` is the `.qwc`'s AppSupport page, anything else is not here.
struct WebConnectorEndpoint: Sendable {
    /// One HTTP answer.
    struct Answer: Sendable, Equatable {
        var status: Int
        var contentType: String
        var body: String
    }

    /// The path the `.qwc`'s AppURL names.
    static let path = "/qbwc"
    /// The path of the AppSupport page (the same host as AppURL, as the Web Connector requires).
    static let supportPath = "/qbwc/support"

    let service: WebConnectorService

    /// Answers `method` on `uri` with `body`; `host` (the Host header) and `forwardedProto`
    /// (a proxy's X-Forwarded-Proto) name the WSDL's address.
    func answer(method: String, uri: String, host: String?, forwardedProto: String? = nil, body: String) -> Answer {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "")
        let query = parts.count > 1 ? parts[1].lowercased() : ""
        switch (method, path) {
        case ("POST", Self.path):
            return soap(body)
        case ("GET", Self.path) where query == "wsdl":
            // Behind a TLS proxy the Host is the clinic's name; the scheme is the proxy's to say.
            let scheme = forwardedProto?.lowercased() == "https" ? "https" : "http"
            let location = "\(scheme)://\(host ?? "localhost")\(Self.path)"
            return Answer(status: 200, contentType: "text/xml; charset=utf-8", body: WebConnectorWSDL.document(location: location))
        case ("GET", Self.path), ("HEAD", Self.path):
            return Answer(
                status: 200, contentType: "text/plain; charset=utf-8",
                body: "qbsync's QuickBooks Web Connector service: the Web Connector POSTs SOAP here.\n")
        case ("GET", Self.supportPath), ("HEAD", Self.supportPath):
            return Answer(
                status: 200, contentType: "text/plain; charset=utf-8",
                body: "qbsync keeps the clinic's QuickBooks Desktop books in step with its order-management system.\n"
                    + "If the Web Connector shows an error, see the 'QuickBooks Desktop' section of qbsync's README,\n"
                    + "or run 'qbsync status' on the computer that runs qbsync.\n")
        case (_, Self.path), (_, Self.supportPath):
            return Answer(status: 405, contentType: "text/plain; charset=utf-8", body: "Only POST (SOAP) and GET are served here.\n")
        default:
            return Answer(status: 404, contentType: "text/plain; charset=utf-8", body: "Not found: the Web Connector service is at \(Self.path).\n")
        }
    }

    private func soap(_ body: String) -> Answer {
        do {
            let call = try SOAPCall(envelope: body)
            return Answer(status: 200, contentType: "text/xml; charset=utf-8", body: try service.answer(call).envelope)
        } catch let fault as SOAPFault {
            return Answer(status: 500, contentType: "text/xml; charset=utf-8", body: fault.envelope)
        } catch {
            return Answer(status: 500, contentType: "text/xml; charset=utf-8", body: SOAPFault.server("The service failed.").envelope)
        }
    }
}
