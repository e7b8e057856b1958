import Foundation

/// Writes a file so a reader (or a crash) never sees half of it: the bytes go to a temporary
/// file in the same folder, which is then renamed over the old one.
enum AtomicFile {
    /// Replaces `url` with `bytes`; `permissions` applies to the new file (e.g. 0o600 for tokens).
    static func write(_ bytes: [UInt8], to url: URL, permissions: Int = 0o644) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(RandomToken.hex(6)).tmp")
        guard FileManager.default.createFile(
            atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: permissions])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path]) }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
