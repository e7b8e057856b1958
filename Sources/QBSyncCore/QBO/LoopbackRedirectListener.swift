import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Listens on `127.0.0.1:PORT` for the one browser redirect that brings an OAuth authorization
/// back (`GET /callback?code=...&state=...&realmId=...`), answers it with a short page, and hands
/// over its query parameters. Anything else (a favicon request) gets a 404 and the wait goes on.
///
/// It binds in `init`, so the redirect address is known and reachable before the browser opens,
/// and serves on its own thread, so the redirect is answered whether or not anyone waits yet.
public final class LoopbackRedirectListener: @unchecked Sendable {
    /// The port listened on (the real one when 0 was asked for).
    public let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var parameters: [String: String]?
    private var stopped = false

    /// The redirect URI to register with the app and send in the authorization request.
    public var redirectURI: String { Self.redirectURI(port: port) }

    /// `http://127.0.0.1:PORT/callback`.
    public static func redirectURI(port: UInt16) -> String { "http://127.0.0.1:\(port)/callback" }

    /// Binds `127.0.0.1:port` (0: any free port) and starts answering.
    public init(port: UInt16) throws {
        #if canImport(Glibc)
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socketFD = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketFD >= 0 else { throw ConnectError.cannotListen(port: port, reason: String(cString: strerror(errno))) }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, 8) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socketFD)
            throw ConnectError.cannotListen(port: port, reason: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        fd = socketFD
        self.port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in serve() }
        thread.name = "qbsync-connect-\(self.port)"
        thread.start()
    }

    deinit { stop() }

    /// Waits until the redirect has come (its query parameters) or `timeout` seconds passed.
    public func waitForRedirect(timeout: TimeInterval) async throws -> [String: String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let parameters = lock.withLock({ self.parameters }) { return parameters }
            guard Date() < deadline else { throw ConnectError.timedOut(seconds: Int(timeout)) }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Stops listening (safe to call more than once).
    public func stop() {
        lock.withLock {
            if !stopped {
                stopped = true
                shutdown(fd, Int32(SHUT_RDWR))
            }
        }
    }

    private func serve() {
        // Closed under the lock and marked stopped first, so a later `stop()` can never shut
        // down a descriptor number the process has meanwhile given to another socket.
        defer {
            lock.withLock {
                stopped = true
                close(fd)
            }
        }
        while !lock.withLock({ stopped || parameters != nil }) {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 16_384, !bytes.suffix(4).elementsEqual([13, 10, 13, 10]) {
            var entry = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 2000) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        let requestLine = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = requestLine.split(separator: " ")
        let target = parts.count >= 2 ? String(parts[1]) : ""
        let pathAndQuery = target.split(separator: "?", maxSplits: 1).map(String.init)
        guard parts.first == "GET", pathAndQuery.first == "/callback" else {
            reply(client, status: "404 Not Found", body: "Not found.\n")
            return
        }
        let query = pathAndQuery.count > 1 ? pathAndQuery[1] : ""
        let found = Self.parse(query)
        let page = found["error"] == nil
            ? "qbsync received the QuickBooks authorization. You can close this window and return to the terminal.\n"
            : "QuickBooks did not authorize qbsync (\(found["error"] ?? "")). Return to the terminal.\n"
        reply(client, status: "200 OK", body: page)
        lock.withLock { parameters = found }
    }

    private func reply(_ client: Int32, status: String, body: String) {
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let bytes = Array(text.utf8)
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, flags) }
    }

    /// `a=1&b=x%20y` -> `["a": "1", "b": "x y"]` (`+` is a space, as browsers encode forms).
    static func parse(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let nameValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
            func decode(_ text: String) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
            }
            let name = decode(nameValue[0])
            if result[name] == nil { result[name] = nameValue.count > 1 ? decode(nameValue[1]) : "" }
        }
        return result
    }
}
