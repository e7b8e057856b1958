import Foundation
import Logging
import QBSyncJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps the OAuth tokens in `<workspace>/tokens.json`, readable by its owner only.
///
/// Every save writes a temporary file in the same folder, created with mode 0600 (so the tokens are
/// never readable by others, not even for a moment), flushes it to disk, then renames it over
/// `tokens.json`: a reader sees the old file or the new one, never half of one, and a crash leaves a
/// refresh token that works.
public struct TokenStore: Sendable {
    /// The `tokens.json` file.
    public let fileURL: URL
    private let logger: Logger

    /// A store for `tokens.json` inside `workspace`.
    public init(workspace: URL, logger: Logger = Logger(label: "qbsync.tokens")) {
        self.fileURL = workspace.appendingPathComponent("tokens.json")
        self.logger = logger
    }

    /// The saved tokens, or nil when there is no `tokens.json` yet.
    ///
    /// A file readable or writable by others is narrowed to 0600 with a warning (the tokens may
    /// have been seen: reconnecting revokes them); one owned by another user, or not a regular
    /// file, is refused.
    public func load() throws -> StoredTokens? {
        let path = fileURL.path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw TokenStoreError.unsafeFile(path: path, reason: "it is a symbolic link") }
            throw TokenStoreError.io(path: path, operation: "open", reason: Self.describe(code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TokenStoreError.io(path: path, operation: "stat", reason: Self.describe(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TokenStoreError.unsafeFile(path: path, reason: "it is not a regular file")
        }
        guard info.st_uid == geteuid() else {
            throw TokenStoreError.unsafeFile(path: path, reason: "it belongs to another user (uid \(info.st_uid))")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            guard fchmod(fd, 0o600) == 0 else {
                throw TokenStoreError.io(path: path, operation: "chmod 0600", reason: Self.describe(errno))
            }
            logger.warning(
                "tokens.json was readable or writable by other users; narrowed it to 0600. If others could log in here, run 'qbsync connect' to replace the tokens.",
                metadata: ["path": "\(path)", "mode": "\(String(mode, radix: 8))"])
        }
        let bytes = try Self.readAll(fd, path: path)
        do {
            return try StoredTokens(json: try JSONParser.parse(bytes: bytes))
        } catch let error as JSONSyntaxError {
            throw TokenStoreError.unreadable(path: path, reason: error.description)
        } catch let error as StoredTokensFormatError {
            throw TokenStoreError.unreadable(path: path, reason: error.reason)
        }
    }

    /// Replaces `tokens.json` with `tokens`, atomically and with mode 0600. Creates the workspace
    /// folder (mode 0700) when it is missing.
    public func save(_ tokens: StoredTokens) throws {
        let directory = fileURL.deletingLastPathComponent().path
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tempPath = directory + "/.tokens.json.\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TokenStoreError.io(path: tempPath, operation: "create", reason: Self.describe(errno)) }
        var renamed = false
        defer { if !renamed { unlink(tempPath) } }
        do {
            defer { close(fd) }
            // The umask can only narrow the mode given to open; this makes 0600 exact.
            guard fchmod(fd, 0o600) == 0 else { throw TokenStoreError.io(path: tempPath, operation: "chmod", reason: Self.describe(errno)) }
            try Self.writeAll(fd, JSONWriter.prettyData(tokens.json), path: tempPath)
            guard fsync(fd) == 0 else { throw TokenStoreError.io(path: tempPath, operation: "fsync", reason: Self.describe(errno)) }
        }
        guard rename(tempPath, fileURL.path) == 0 else {
            throw TokenStoreError.io(path: fileURL.path, operation: "rename", reason: Self.describe(errno))
        }
        renamed = true
        // Make the rename itself durable; a failure here leaves a correct file, so it is not fatal.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TokenStoreError.io(path: path, operation: "read", reason: describe(errno))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > 1_000_000 { throw TokenStoreError.unreadable(path: path, reason: "it is over a megabyte") }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TokenStoreError.io(path: path, operation: "write", reason: describe(errno))
            }
            offset += count
        }
    }

    private static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
