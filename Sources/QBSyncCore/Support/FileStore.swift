import Foundation
#if canImport(Glibc)
import Glibc
#endif
import QBSyncJSON

/// Writes files the way every stage needs them: atomically (temp file, fsync, rename), with the
/// permissions asked for from the moment the file exists, and JSON always pretty and sorted.
public enum FileStore {
    /// Writes `bytes` to `url` atomically with POSIX `mode`.
    public static func writeAtomically(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o644) throws {
        let (temporary, fd) = try writeTemporary(bytes, for: url, mode: mode)
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw FileStoreError.writing(url.path, errno: errno)
        }
    }

    /// Writes `bytes` for `url` under a temporary name, with `mode`, without waiting for the
    /// disk: `PendingFile.commit()` later makes it durable and puts it in place, so a writer of
    /// many files can go on while the disk catches up.
    static func writeUnsynced(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o644) throws -> PendingFile {
        let (temporary, fd) = try writeTemporary(bytes, for: url, mode: mode)
        close(fd)
        return PendingFile(temporary: temporary, url: url)
    }

    /// Writes `bytes` to `url` in place, without waiting for the disk: for the many files of a
    /// stage (a batch file per 30 operations), whose folder counts only once the stage is recorded
    /// done, after `syncFileSystem(of:)`. A stage killed half-way leaves a folder that is
    /// `running` in the manifest, which no later stage reads, so a torn file is never taken.
    /// A file a time costs a create and a rename; an fsync each made the disk the bottleneck.
    static func writeInStage(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o644) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
        defer { close(fd) }
        try writeAll(bytes, fd: fd, path: url.path)
    }

    /// The SHA-256 of a file, read a megabyte at a time.
    public static func sha256(of url: URL) throws -> String {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw FileStoreError.cannotRead(url.path) }
        defer { close(fd) }
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n >= 0 else { throw FileStoreError.cannotRead(url.path) }
            if n == 0 { break }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalizeHex()
    }

    /// Waits until everything written on the file system holding `url` is on disk: one flush
    /// for all of a stage's files instead of one per file.
    static func syncFileSystem(of url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
        defer { close(fd) }
        guard c_syncfs(fd) == 0 else { throw FileStoreError.writing(url.path, errno: errno) }
    }

    private static func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws {
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while written < raw.count {
                let n = write(fd, base + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        guard ok else { throw FileStoreError.writing(path, errno: errno) }
    }

    /// The temporary file beside `url` holding `bytes`, still open.
    private static func writeTemporary(_ bytes: [UInt8], for url: URL, mode: mode_t) throws -> (URL, Int32) {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp", isDirectory: false)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
        fchmod(fd, mode)
        do {
            try writeAll(bytes, fd: fd, path: url.path)
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        return (temporary, fd)
    }

    /// A file written a piece at a time (a plan of a million operations is not built in memory),
    /// appearing under its name only when `commit` succeeds: temp file, fsync, rename.
    public final class Streaming {
        public let url: URL
        private let temporary: URL
        private let fd: Int32
        private var buffer: [UInt8] = []
        private var isOpen = true
        private var hasher = SHA256()
        /// The SHA-256 of the bytes written, once committed (for the run manifest).
        public private(set) var sha256: String?

        public init(_ url: URL, mode: mode_t = 0o644) throws {
            self.url = url
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp", isDirectory: false)
            fd = Glibc.open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, mode)
            guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
            fchmod(fd, mode)
            buffer.reserveCapacity(1 << 20)
        }

        deinit { abandon() }

        public func append(_ bytes: [UInt8]) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }

        public func append(_ text: String) throws { try append(Array(text.utf8)) }

        private func flush() throws {
            var written = 0
            let ok = buffer.withUnsafeBytes { raw -> Bool in
                hasher.update(raw)
                while written < raw.count {
                    let n = write(fd, raw.baseAddress! + written, raw.count - written)
                    if n <= 0 { return false }
                    written += n
                }
                return true
            }
            buffer.removeAll(keepingCapacity: true)
            guard ok else { throw FileStoreError.writing(url.path, errno: errno) }
        }

        /// Writes what is buffered, syncs and renames the file into place.
        public func commit() throws {
            try flush()
            sha256 = hasher.finalizeHex()
            let synced = fsync(fd) == 0
            close(fd)
            isOpen = false
            guard synced, rename(temporary.path, url.path) == 0 else {
                unlink(temporary.path)
                throw FileStoreError.writing(url.path, errno: errno)
            }
        }

        /// Drops the file: nothing appears under its name.
        public func abandon() {
            guard isOpen else { return }
            close(fd)
            unlink(temporary.path)
            isOpen = false
        }
    }

    /// Writes `value` as pretty, sorted JSON.
    public static func writeJSON(_ value: JSONValue, to url: URL, mode: mode_t = 0o644) throws {
        try writeAtomically(JSONWriter.prettyData(value), to: url, mode: mode)
    }

    /// Reads a file's bytes.
    public static func read(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FileStoreError.cannotRead(url.path)
        }
        return [UInt8](data)
    }

    /// Reads and parses a JSON file, naming the file, line and column of any syntax error.
    public static func readJSON(_ url: URL) throws -> JSONValue {
        let bytes = try read(url)
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch let error as JSONSyntaxError {
            throw FileStoreError.badJSON(url.path, error)
        }
    }

    /// Creates `url` as a folder with `mode`, replacing whatever was there.
    public static func recreateDirectory(_ url: URL, mode: mode_t = 0o755) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        try manager.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(mode)])
        chmod(url.path, mode)
    }

    /// Every regular file under `folder`, as paths relative to `base`, sorted.
    public static func files(under folder: URL, relativeTo base: URL) -> [String] {
        // Read with readdir(3): a first synchronization's stage holds tens of thousands of
        // files, and Foundation's enumerator asked for each one's attributes by URL.
        let basePath = base.standardizedFileURL.path
        var paths: [String] = []
        func walk(_ directory: String) {
            guard let stream = opendir(directory) else { return }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name != ".", name != ".." else { continue }
                let path = directory + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(path, &status) == 0 else { continue }
                    type = status.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : status.st_mode & S_IFMT == S_IFREG ? UInt8(DT_REG) : type
                }
                if type == UInt8(DT_DIR) {
                    walk(path)
                } else if type == UInt8(DT_REG), !name.hasPrefix("."), path.hasPrefix(basePath + "/") {
                    paths.append(String(path.dropFirst(basePath.count + 1)))
                }
            }
        }
        walk(folder.standardizedFileURL.path)
        return paths.sorted()
    }
}

/// glibc's `syncfs(2)`, which the Glibc module does not export.
@_silgen_name("syncfs")
private func c_syncfs(_ fd: Int32) -> Int32

/// A file written under a temporary name (`FileStore.writeUnsynced`), neither durable nor in
/// place yet.
struct PendingFile: Sendable {
    let temporary: URL
    let url: URL

    /// Waits until the bytes are on disk (fsync), then renames the file into place.
    func commit() throws {
        let fd = open(temporary.path, O_WRONLY)
        guard fd >= 0 else { throw FileStoreError.writing(url.path, errno: errno) }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw FileStoreError.writing(url.path, errno: code)
        }
    }

    /// Removes the temporary file.
    func discard() {
        unlink(temporary.path)
    }
}
