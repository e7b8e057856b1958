#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The handful of POSIX socket calls the server needs, with the Linux/Darwin differences in one
/// place. Every function works on a raw descriptor; ownership stays with the caller.
enum Socket {
    /// Why a socket call failed, with the C `errno` text.
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    /// A listening TCP socket on `host:port` (port 0: the kernel picks one); returns the
    /// descriptor and the port actually bound.
    static func listen(host: String, port: UInt16, backlog: Int32 = 64) throws -> (Int32, UInt16) {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw Failure(call: "inet_pton(\(host))", code: EINVAL)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "bind(\(host):\(port))", code: code)
        }
        guard cListen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "listen", code: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }

    /// Waits up to `milliseconds` for `fd` to be readable (or closed); true when it is.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, milliseconds)
        return ready > 0
    }

    /// Accepts one connection, or nil (the listener was shut down, or a transient error).
    static func accept(_ fd: Int32) -> Int32? {
        #if canImport(Glibc)
            let client = Glibc.accept(fd, nil, nil)
        #else
            let client = Darwin.accept(fd, nil, nil)
        #endif
        guard client >= 0 else { return nil }
        #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return client
    }

    /// Reads what is available into `buffer`; 0 means the peer closed, -1 an error.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], upTo count: Int = 65_536) -> Int {
        var chunk = [UInt8](repeating: 0, count: count)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
        if received > 0 { buffer.append(contentsOf: chunk[0..<received]) }
        return received
    }

    /// Writes all of `bytes`; false when the peer has gone. Never raises SIGPIPE.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, flags) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Wakes any thread blocked on `fd` (accept, recv) without releasing the descriptor, so
    /// the owning thread can still close it exactly once.
    static func shutdownBoth(_ fd: Int32) {
        #if canImport(Glibc)
            _ = shutdown(fd, Int32(SHUT_RDWR))
        #else
            _ = shutdown(fd, SHUT_RDWR)
        #endif
    }

    /// Makes the coming `close` of `fd` reset the connection (TCP RST) instead of ending it
    /// cleanly: what a client sees when a load balancer between it and QuickBooks drops it.
    static func resetOnClose(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Releases the descriptor.
    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }
}

/// `listen` is shadowed by `Socket.listen` inside the enum; this reaches the C function.
private func cListen(_ fd: Int32, _ backlog: Int32) -> Int32 {
    listen(fd, backlog)
}
