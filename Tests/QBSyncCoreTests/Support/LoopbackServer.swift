import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for testing the real transport: it reads one request per
/// connection and then answers with fixed bytes, closes without answering, or keeps silent.
final class LoopbackServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        case respond(String)
        case closeWithoutAnswer
        case silent
    }

    let port: UInt16
    private let listener: Int32
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var received: [String] = []
    private var openConnections: [Int32] = []

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        listener = try Self.listenOnLoopback()
        port = try Self.boundPort(listener)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// The requests read so far, as text.
    var requests: [String] { lock.withLock { received } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        let open = lock.withLock { openConnections }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then released).
    static func closedPort() throws -> UInt16 {
        let fd = try listenOnLoopback()
        let port = try boundPort(fd)
        close(fd)
        return port
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            lock.withLock { openConnections.append(fd) }
            let request = Self.readRequest(fd)
            lock.withLock { received.append(request) }
            switch behaviour {
            case .respond(let raw):
                let bytes = Array(raw.utf8)
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                shutdown(fd, Int32(SHUT_WR))
            case .closeWithoutAnswer:
                shutdown(fd, Int32(SHUT_RDWR))
                close(fd)
            case .silent:
                break
            }
        }
    }

    /// Reads the head and a Content-Length body.
    private static func readRequest(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            let text = String(decoding: bytes, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.count - text[..<headEnd.upperBound].utf8.count >= length { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func listenOnLoopback() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return fd
    }

    private static func boundPort(_ fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw POSIXError(.EIO) }
        return UInt16(bigEndian: address.sin_port)
    }
}
