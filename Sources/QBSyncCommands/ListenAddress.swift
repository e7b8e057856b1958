import ArgumentParser

/// `HOST:PORT` (`127.0.0.1:8124`, `[::1]:8124`) as `--listen` and `QBSYNC_QBWC_LISTEN` give it.
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    /// Reads `text`; a configuration error (exit 2) names what is wrong.
    init(_ text: String) throws {
        let problem = ValidationError("'\(text)' is not a HOST:PORT address to listen on (for example 127.0.0.1:8124); fix --listen or QBSYNC_QBWC_LISTEN.")
        guard let colon = text.lastIndex(of: ":") else { throw problem }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw problem }
        self.host = host
        self.port = port
    }
}
