import QBSyncJSON

/// An answer to one request. `closeConnection` lets a handler end keep-alive after answering;
/// `dropWithoutAnswer` is how the fault injector loses an answer after applying a request.
struct HTTPResponse: Sendable {
    /// The status code (200, 302, 400, 401, 429, ...).
    var status: Int
    /// Header fields in the order they are written; `Content-Length` is added when sent.
    var headers: [(String, String)]
    /// The body bytes.
    var body: [UInt8]
    /// Close the connection after this answer even when the client wants keep-alive.
    var closeConnection = false
    /// Cut the connection partway through this answer (the request was applied; the client
    /// gets no usable answer).
    var dropWithoutAnswer = false

    /// Creates an answer with the given status, headers and body.
    init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A pretty JSON answer (`application/json;charset=UTF-8`, as Intuit labels it).
    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json;charset=UTF-8")],
            body: JSONWriter.prettyData(value))
    }

    /// A plain-text answer, for the few endpoints a browser sees.
    static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain;charset=UTF-8")], body: Array(text.utf8))
    }

    /// The value of a header by any casing of its name.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Sets a header, replacing one of the same name.
    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.0.lowercased() == name.lowercased() }
        headers.append((name, value))
    }

    /// The body parsed as JSON, or nil.
    var jsonBody: JSONValue? { try? JSONParser.parse(bytes: body) }

    /// The bytes on the wire: status line, headers, blank line, body.
    func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for (name, value) in headers where name.lowercased() != "content-length" && name.lowercased() != "connection" {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// The standard reason phrase of a status code.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}
