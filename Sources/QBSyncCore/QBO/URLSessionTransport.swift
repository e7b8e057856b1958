import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The live `HTTPTransport`: Foundation's `URLSession`, with no cookies, no cache, no redirects and
/// a per-request timeout.
///
/// Redirects are answered as they are (the 3xx comes back to the caller) because following one
/// would resend a bearer token, or replay a batch, to an address nobody configured.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `session` is immutable and URLSession is thread-safe.

    /// How long one request may take before it is abandoned, in seconds.
    public let timeout: TimeInterval
    private let session: URLSession

    /// QuickBooks gives up on a request after 120 s; waiting a little longer lets its own answer
    /// (rather than our timeout) say what happened.
    public static let defaultTimeout: TimeInterval = 125

    /// A transport whose requests time out after `timeout` seconds.
    public init(timeout: TimeInterval = URLSessionTransport.defaultTimeout) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        self.session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends `request`; throws `HTTPTransportError` when no HTTP answer arrived.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }

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
