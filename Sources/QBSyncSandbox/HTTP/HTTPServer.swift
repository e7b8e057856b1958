import Foundation

/// A small HTTP/1.1 server on POSIX sockets: one thread accepts, one thread serves each
/// connection (keep-alive), and `stop()` wakes and ends all of them. Tests start and stop many
/// servers in one process, so nothing here may outlive `stop()` or block forever.
final class HTTPServer: @unchecked Sendable {
    /// Turns one request into one answer; called on the connection's thread, concurrently.
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    /// Told the target of each request as soon as its head is read, before its body: a request
    /// whose body never comes is still seen.
    typealias HeadObserver = @Sendable (_ target: String) -> Void

    private let host: String
    private let requestedPort: UInt16
    private let handler: Handler
    private let onHead: HeadObserver?
    private let idleTimeout: Double
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var connections: Set<Int32> = []
    private var stopping = false
    private var started = false
    private let threads = DispatchGroup()
    private(set) var port: UInt16 = 0

    /// A server for `host:port` (port 0: ephemeral) that answers with `handler`. Idle
    /// keep-alive connections are closed after `idleTimeout` seconds.
    init(host: String, port: UInt16, idleTimeout: Double = 30, onHead: HeadObserver? = nil, handler: @escaping Handler) {
        self.host = host
        self.onHead = onHead
        self.requestedPort = port
        self.idleTimeout = idleTimeout
        self.handler = handler
    }

    /// Binds and starts accepting; returns once the port is bound, so a client may connect
    /// right after.
    func start() throws {
        lock.lock()
        defer { lock.unlock() }
        precondition(!started, "an HTTPServer starts once")
        let (fd, port) = try Socket.listen(host: host, port: requestedPort)
        listener = fd
        self.port = port
        started = true
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(fd)
            threads.leave()
        }
        thread.name = "sandbox-accept-\(port)"
        thread.start()
    }

    /// Stops accepting, wakes every connection thread and waits (a few seconds at most, for a
    /// handler still busy) until they have all ended and closed their sockets.
    func stop() {
        lock.lock()
        if stopping || !started {
            lock.unlock()
            return
        }
        stopping = true
        Socket.shutdownBoth(listener)
        for fd in connections { Socket.shutdownBoth(fd) }
        lock.unlock()
        _ = threads.wait(timeout: .now() + 5)
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func acceptLoop(_ fd: Int32) {
        defer { Socket.closeDescriptor(fd) }
        while !isStopping {
            guard Socket.waitReadable(fd, milliseconds: 200), !isStopping else { continue }
            guard let client = Socket.accept(fd) else { continue }
            lock.lock()
            if stopping {
                lock.unlock()
                Socket.closeDescriptor(client)
                break
            }
            connections.insert(client)
            threads.enter()
            lock.unlock()
            let thread = Thread { [self] in
                serve(client)
                lock.lock()
                connections.remove(client)
                lock.unlock()
                Socket.closeDescriptor(client)
                threads.leave()
            }
            thread.name = "sandbox-connection-\(client)"
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        let connection = HTTPConnection(fd: fd, idleTimeout: idleTimeout) { [weak self] in self?.isStopping ?? true }
        while true {
            let request: HTTPRequest
            do {
                request = try connection.readRequest(headRead: { [onHead] in onHead?($0) }) {
                    _ = Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                }
            } catch HTTPConnection.ReadError.malformed(let status, let reason) {
                _ = Socket.sendAll(fd, HTTPResponse.text(status, reason + "\n").serialized(keepAlive: false))
                return
            } catch {
                return
            }
            let response = handler(request)
            if response.dropWithoutAnswer {
                // Reset before a byte of the answer, the hardest loss for a client: nothing it
                // received says the request was read, so an HTTP library may quietly send it
                // again on a new connection (libcurl does, on a reused one).
                Socket.resetOnClose(fd)
                return
            }
            let keepAlive = !request.wantsClose && !response.closeConnection && !isStopping
            guard Socket.sendAll(fd, response.serialized(keepAlive: keepAlive)), keepAlive else { return }
        }
    }
}
