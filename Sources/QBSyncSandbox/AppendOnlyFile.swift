import Foundation

/// Appends text to a file, creating it (and its folder) on first use. Used for the request log
/// and the requestid journal, which are only ever added to.
enum AppendOnlyFile {
    private static let lock = NSLock()

    /// Appends `text`; a failure is reported on standard error and otherwise ignored, because a
    /// log that cannot be written must not take the server down.
    static func append(_ text: String, to url: URL) {
        lock.lock()
        defer { lock.unlock() }
        do {
            if !FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            FileHandle.standardError.write(Data("sandbox: could not append to \(url.path): \(error)\n".utf8))
        }
    }
}
