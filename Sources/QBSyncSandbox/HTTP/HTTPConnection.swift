import Foundation

/// Reads HTTP/1.1 requests off one accepted socket: headers up to a blank line, then a body by
/// `Content-Length` or chunked transfer coding. Reads poll in short slices so the server's
/// `stop()` is noticed even while a keep-alive connection sits idle.
final class HTTPConnection {
    /// Why no request could be read.
    enum ReadError: Error {
        /// The peer closed (or the server is stopping) before a request began: not an error to report.
        case closed
        /// The request is malformed; answer with this status and close.
        case malformed(Int, String)
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private let isStopping: () -> Bool
    private let idleTimeout: Double

    /// Largest header block and body the server accepts (QuickBooks caps payloads far lower).
    static let maxHeaderBytes = 64 * 1024
    static let maxBodyBytes = 32 * 1024 * 1024

    init(fd: Int32, idleTimeout: Double, isStopping: @escaping () -> Bool) {
        self.fd = fd
        self.idleTimeout = idleTimeout
        self.isStopping = isStopping
    }

    /// The next request on this connection. `headRead` is given the request target once the
    /// head is read; `sendContinue` is called when the client sent `Expect: 100-continue` (curl
    /// does for larger bodies) so it goes on with the body.
    func readRequest(headRead: (String) -> Void = { _ in }, sendContinue: () -> Void) throws -> HTTPRequest {
        let headerEnd = try readUntilHeaderEnd()
        let headText = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            throw ReadError.malformed(400, "malformed request line")
        }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw ReadError.malformed(400, "malformed header line") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        headRead(String(requestLine[1]))
        if headers["expect"]?.lowercased() == "100-continue" { sendContinue() }
        let body: [UInt8]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try readChunkedBody()
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0 else { throw ReadError.malformed(400, "bad Content-Length") }
            guard length <= Self.maxBodyBytes else { throw ReadError.malformed(413, "body too large") }
            body = try readExactly(length)
        } else {
            body = []
        }
        return HTTPRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
            version: String(requestLine[2]))
    }

    private func readUntilHeaderEnd() throws -> Int {
        var searchFrom = 0
        while true {
            if let end = find([13, 10, 13, 10], from: searchFrom) { return end }
            searchFrom = max(0, buffer.count - 3)
            guard buffer.count <= Self.maxHeaderBytes else { throw ReadError.malformed(431, "headers too large") }
            // Before the first byte of a request the connection is merely idle; after it, a
            // silent client is holding a thread: the same timeout ends both.
            try fill()
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw ReadError.malformed(400, "bad chunk size")
            }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers, ignored
                return body
            }
            guard body.count + size <= Self.maxBodyBytes else { throw ReadError.malformed(413, "body too large") }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw ReadError.malformed(400, "chunk not followed by CRLF") }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = find([13, 10], from: 0) {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard buffer.count <= Self.maxHeaderBytes else { throw ReadError.malformed(400, "line too long") }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Reads more bytes, polling in 200 ms slices until data, close, stop or the idle timeout.
    private func fill() throws {
        var waited = 0.0
        while !Socket.waitReadable(fd, milliseconds: 200) {
            waited += 0.2
            if isStopping() || waited >= idleTimeout { throw ReadError.closed }
        }
        if isStopping() { throw ReadError.closed }
        if Socket.receive(fd, into: &buffer) <= 0 { throw ReadError.closed }
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = max(0, start)
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] && Array(buffer[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }
}
