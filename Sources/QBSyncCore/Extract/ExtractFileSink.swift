import Foundation

/// Where the extract's files go: one thread hashes each file's bytes (the manifest's SHA-256,
/// taken from the bytes written rather than by reading the file again) and writes them to a
/// temporary file; another makes each one durable (fsync) and renames it into place. So reading
/// the OMS, hashing and waiting for the disk all overlap, and `finish` returns only once every
/// file is in place and on disk.
final class ExtractFileSink: @unchecked Sendable {
    private let writing = ExtractWorker(name: "qbsync extract writer", maxQueued: 3)
    private let syncing = ExtractWorker(name: "qbsync extract sync", maxQueued: 8)
    private let digests = LockedValue<[String: String]>([:])

    /// Writes `bytes` to `url` with `mode` (atomically: a temporary file, fsync, rename), and
    /// keeps their SHA-256 under `key`. Waits while enough files are queued; throws the error
    /// of an earlier file.
    func write(_ bytes: [UInt8], to url: URL, mode: mode_t, key: String) throws {
        try writing.run(bounded: true) { [syncing, digests] in
            let digest = SHA256.hex(bytes)
            let pending = try FileStore.writeUnsynced(bytes, to: url, mode: mode)
            digests.withLock { $0[key] = digest }
            do {
                try syncing.run(bounded: true) { try pending.commit() }
            } catch {
                pending.discard()
                throw error
            }
        }
    }

    /// Waits until every file is written and durable; returns key -> SHA-256 of each.
    func finish() throws -> [String: String] {
        do {
            try writing.finish()
        } catch {
            syncing.cancel()
            throw error
        }
        try syncing.finish()
        return digests.withLock { $0 }
    }

    /// Stops writing; files not yet in place stay behind as hidden temporary files.
    func cancel() {
        writing.cancel()
        syncing.cancel()
    }
}
