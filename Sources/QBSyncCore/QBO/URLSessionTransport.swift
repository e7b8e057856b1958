import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The live `HTTPTransport`: Foundation's `URLSession`, with no cookies, no cache, no redirects and
/// a per-request timeout.
///
/// Redirects are answered as they are (the 3xx comes back to the caller) because following one
/// would resend a bearer token, or replay a batch, to an address nobody configured.
///
/// A write (anything with a body: a batch, a token refresh) goes out on a connection of its own,
/// with `Connection: close`, through a session that carries nothing but writes. libcurl, under
/// URLSession on Linux, silently sends a request again on a fresh connection when a *reused* one
/// dies before a byte of the answer; for a write it sends the head without the body, and the
/// server then waits for a body that never comes until the timeout. Every write's connection is
/// closed when its answer ends, so the writes' session never holds one open for the next write
/// to reuse (and queries' keep-alive connections live in the other session): a connection never
/// used before is never retried, so a reset after QuickBooks committed a batch comes back at
/// once as an uncertain outcome, and the journal's intents are every send there was. (A new
/// session per write did the same at a cost of about a tenth of a second each.)
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: every stored property is immutable and URLSession is thread-safe.

    /// How long a read may take before it is abandoned, in seconds.
    public let timeout: TimeInterval
    /// How long a write may go without a byte of its answer, in seconds.
    public let writeTimeout: TimeInterval
    private let session: URLSession
    /// Writes only: each closes its connection, so this session never has one to reuse.
    private let writeSession: URLSession

    /// QuickBooks gives up on a request after 120 s; waiting a little longer lets its own answer
    /// (rather than our timeout) say what happened.
    public static let defaultTimeout: TimeInterval = 125

    /// QuickBooks answers a batch of 30 in a few seconds. A write still silent after this is
    /// settled by a lookup (the uncertain path, which never duplicates) rather than waited on.
    public static let defaultWriteTimeout: TimeInterval = 45

    /// A transport whose reads time out after `timeout` seconds and whose writes after
    /// `writeTimeout` (at most `timeout`).
    public init(
        timeout: TimeInterval = URLSessionTransport.defaultTimeout,
        writeTimeout: TimeInterval = URLSessionTransport.defaultWriteTimeout
    ) {
        self.timeout = timeout
        self.writeTimeout = min(timeout, writeTimeout)
        self.session = Self.session(timeout: timeout)
        self.writeSession = Self.session(timeout: self.writeTimeout)
    }

    deinit {
        session.invalidateAndCancel()
        writeSession.invalidateAndCancel()
    }

    private static func session(timeout: TimeInterval) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    /// Sends `request`; throws `HTTPTransportError` when no HTTP answer arrived.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let writes = !request.body.isEmpty || request.method != "GET"
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: writes ? writeTimeout : timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        // Writes on their own session, each closing its connection: none left open to reuse.
        let session = writes ? writeSession : self.session
        if writes { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }

        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            throw Self.classify(error)
        } catch is CancellationError {
            throw HTTPTransportError.answerLost(reason: "the request was cancelled while in flight")
        } catch {
            throw HTTPTransportError.answerLost(reason: "the request failed: \(type(of: error))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTransportError.answerLost(reason: "the answer was not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            guard let name = name as? String, let value = value as? String else { continue }
            headers[name.lowercased()] = value
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }

    /// Sorts a `URLError` into "nothing was sent" and "sent, answer lost". Anything URLError does
    /// not prove was unsent counts as lost: a false "uncertain" costs a lookup, a false "not sent"
    /// can cost a duplicate invoice.
    static func classify(_ error: URLError) -> HTTPTransportError {
        let reason = "URLError \(error.code.rawValue): \(describe(error.code))"
        switch error.code {
        case .badURL, .unsupportedURL, .cannotFindHost, .cannotConnectToHost, .dnsLookupFailed,
            .notConnectedToInternet, .secureConnectionFailed, .serverCertificateHasBadDate,
            .serverCertificateUntrusted, .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid,
            .clientCertificateRejected, .clientCertificateRequired, .appTransportSecurityRequiresSecureConnection,
            .internationalRoamingOff, .callIsActive, .dataNotAllowed, .cannotLoadFromNetwork:
            return .notSent(reason: reason)
        default:
            return .answerLost(reason: reason)
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotFindHost, .dnsLookupFailed: return "the host name could not be resolved"
        case .cannotConnectToHost: return "the connection was refused"
        case .notConnectedToInternet: return "the machine is offline"
        case .secureConnectionFailed: return "the TLS handshake failed"
        case .serverCertificateHasBadDate, .serverCertificateUntrusted, .serverCertificateHasUnknownRoot,
            .serverCertificateNotYetValid:
            return "the server's certificate was not trusted"
        case .timedOut: return "timed out"
        case .networkConnectionLost: return "the connection dropped"
        case .cancelled: return "cancelled"
        case .badServerResponse, .cannotParseResponse: return "the answer could not be read"
        default: return "network error"
        }
    }
}

/// Hands a redirect back to the caller instead of following it.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
