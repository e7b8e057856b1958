import Foundation

/// Sends one HTTP request and returns its answer: the only door from the QuickBooks client to the
/// network, so tests script it in memory and the live program uses `URLSessionTransport`.
///
/// A conforming type throws `HTTPTransportError` when no answer arrived, saying whether the request
/// could not have reached the server (`.notSent`) or may have (`.answerLost`). Any HTTP status,
/// including 4xx and 5xx, is an answer and is returned, not thrown.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's answer.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An HTTP request as plain values.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, upper-case (`GET`, `POST`).
    public var method: String
    /// The full URL, query included.
    public var url: URL
    /// Header fields by name. Names are matched without regard to case by `header(_:)`.
    public var headers: [String: String]
    /// The body bytes; empty for GET.
    public var body: [UInt8]

    /// A request; `headers` and `body` default to empty.
    public init(method: String, url: URL, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the header `name`, compared without regard to case, or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }
}

extension HTTPRequest: CustomStringConvertible, CustomReflectable {
    /// The method and URL only: headers carry credentials and bodies carry customer data.
    public var description: String { "\(method) \(url.absoluteString)" }

    /// What `dump` and debuggers show: the `Authorization` value redacted, the body as a size (a
    /// token request's form body holds the refresh token).
    public var customMirror: Mirror {
        let shown = headers.sorted { $0.key < $1.key }.map { name, value in
            "\(name): \(name.lowercased() == "authorization" ? "<redacted>" : value)"
        }
        return Mirror(
            self, children: ["method": method, "url": url, "headers": shown, "body": "\(body.count) bytes"],
            displayStyle: .struct)
    }
}

/// An HTTP answer as plain values.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields with lower-cased names (`intuit_tid`, `retry-after`, `content-type`).
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// An answer; header names are lower-cased here so lookups never depend on the server's casing.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The value of the header `name` (any casing), or nil.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

extension HTTPResponse: CustomStringConvertible, CustomReflectable {
    /// The status and body size only: bodies may carry tokens or customer data.
    public var description: String { "HTTP \(status) (\(body.count) bytes)" }

    /// What `dump` and debuggers show: status and headers, the body as a size (a token answer's
    /// body holds the tokens).
    public var customMirror: Mirror {
        Mirror(self, children: ["status": status, "headers": headers, "body": "\(body.count) bytes"], displayStyle: .struct)
    }
}
