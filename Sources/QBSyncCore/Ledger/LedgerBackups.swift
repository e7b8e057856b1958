import Foundation
import GRDB
import Logging

/// Consistent copies of the ledger in `[ledger] backup_dir`: the ledger is the only record of
/// what qbsync posted, so losing it (a replaced computer, a failed disk) would make the next run
/// post the books again. A copy is SQLite's own (`VACUUM INTO` on the writer connection, never a
/// file copy of a live database), written under a temporary name, made 0600, synced and then
/// renamed, so a copy that exists is whole. The newest `keep` copies are kept.
public struct LedgerBackups: Sendable {
    /// Where the copies go.
    public let directory: URL
    /// How many copies are kept (the oldest beyond that are removed); 0: no automatic copies,
    /// and none removed.
    public let keep: Int

    /// Whether a copy is made after every command that changed the ledger.
    public var automatic: Bool { keep > 0 }

    /// The copies' file names: `ledger-20261202T013000.123Z-reconcile.sqlite`, oldest first by name.
    static let prefix = "ledger-"
    static let suffix = ".sqlite"

    public init(directory: URL, keep: Int) {
        self.directory = directory
        self.keep = max(0, keep)
    }

    public init(settings: PipelineSettings) {
        self.init(directory: settings.ledgerBackup.directory, keep: settings.ledgerBackup.keep)
    }

    /// One copy on disk.
    public struct Copy: Sendable, Equatable {
        public var url: URL
        /// When it was made (UTC, from its name).
        public var madeAt: String
        /// What it was made after (a command's name, or `manual`, `before-restore`).
        public var reason: String
    }

    /// Writes a copy of `ledger` now, tagged with `reason`, then removes copies beyond `keep`.
    @discardableResult
    public func backUp(_ ledger: Ledger, reason: String, at date: Date = Date()) throws -> Copy {
        try Self.makeDirectory(directory)
        let stamp = Self.stamp(date)
        let tag = Self.sanitized(reason)
        var name = "\(Self.prefix)\(stamp)-\(tag)\(Self.suffix)"
        var counter = 1
        while FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            counter += 1
            name = "\(Self.prefix)\(stamp)-\(tag)-\(counter)\(Self.suffix)"
        }
        let target = directory.appendingPathComponent(name)
        let partial = directory.appendingPathComponent(".\(name).partial")
        try? FileManager.default.removeItem(at: partial)
        do {
            try ledger.copy(to: partial)
            guard chmod(partial.path, 0o600) == 0 else { throw LedgerBackupError.cannotWrite(partial.path, String(cString: strerror(errno))) }
            try Self.sync(partial)
            guard rename(partial.path, target.path) == 0 else { throw LedgerBackupError.cannotWrite(target.path, String(cString: strerror(errno))) }
            try Self.sync(directory)
        } catch let error as LedgerBackupError {
            try? FileManager.default.removeItem(at: partial)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw LedgerBackupError.cannotWrite(target.path, Self.reason(error))
        }
        try prune()
        return Copy(url: target, madeAt: Self.displayTime(stamp), reason: tag)
    }

    /// What a restore did.
    public struct Restored: Sendable, Equatable {
        /// The copy of the ledger as it was just before (so a restore can be undone), if it held anything.
        public var previous: Copy?
        /// What the restored ledger holds.
        public var summary: LedgerSummary
    }

    /// Replaces `ledger`'s contents with the copy at `url`. Refused when the copy is not a whole
    /// qbsync ledger, when a load holds the ledger, or (unless `force`) when the ledger holds a
    /// newer run than the copy: restoring then would forget what that run posted. The ledger as
    /// it was is copied first.
    public func restore(
        _ url: URL, into ledger: Ledger, company: String, user: String, force: Bool, logger: Logger
    ) throws -> Restored {
        let incoming = try Ledger.summary(ofCopy: url)
        let current = try ledger.summary()
        if current.lastRunSeq > incoming.lastRunSeq && !force {
            throw LedgerBackupError.newerThanBackup(url.path, current.lastRun ?? "?", incoming.lastRun ?? "none")
        }
        let lock = try LoadLock.acquire(ledger: ledger, company: company, run: nil, user: user, logger: logger, takeOver: force)
        defer { try? lock.release() }
        let previous = current.lastRun == nil && current.objects == 0 ? nil : try backUp(ledger, reason: "before-restore")
        try ledger.restore(from: url)
        return Restored(previous: previous, summary: try ledger.summary())
    }

    /// The copies on disk, oldest first.
    public func copies() -> [Copy] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) }.sorted().map { name in
            let body = name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count)
            let stamp = body.prefix { $0 != "-" }
            let reason = body.dropFirst(stamp.count + 1)
            return Copy(url: directory.appendingPathComponent(name), madeAt: Self.displayTime(String(stamp)), reason: String(reason))
        }
    }

    /// The newest copy, if any.
    public func latest() -> Copy? { copies().last }

    private func prune() throws {
        let all = copies()
        guard keep > 0, all.count > keep else { return }
        for copy in all.prefix(all.count - keep) {
            try? FileManager.default.removeItem(at: copy.url)
        }
    }

    /// `20261202T013000.123Z`: sorts by time, and is a valid file name everywhere.
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = (parts.nanosecond ?? 0) / 1_000_000
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0, millis)
    }

    /// `2026-12-02T01:30:00Z` from a stamp (`20261202T013000.123Z`).
    static func displayTime(_ stamp: String) -> String {
        let s = Array(stamp)
        guard s.count >= 15 else { return stamp }
        func part(_ range: Range<Int>) -> String { String(s[range]) }
        return "\(part(0..<4))-\(part(4..<6))-\(part(6..<8))T\(part(9..<11)):\(part(11..<13)):\(part(13..<15))Z"
    }

    private static func sanitized(_ reason: String) -> String {
        let allowed = reason.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let text = String(allowed).split(separator: "-").joined(separator: "-")
        return text.isEmpty ? "copy" : String(text.prefix(40))
    }

    /// The copies' folder, owner-only (a copy maps pseudonyms back to patients).
    private static func makeDirectory(_ url: URL) throws {
        do {
            try OwnerOnly.directory(url)
        } catch {
            throw LedgerBackupError.cannotWrite(url.path, reason(error))
        }
    }

    /// fsync of a file or a folder (so a rename in it is durable).
    private static func sync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw LedgerBackupError.cannotWrite(url.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LedgerBackupError.cannotWrite(url.path, String(cString: strerror(errno))) }
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}

/// A backup or a restore could not be done; nothing was changed.
public enum LedgerBackupError: LocalizedError, Equatable {
    case cannotWrite(String, String)
    case notALedger(String, String)
    case newerThanBackup(String, String, String)

    public var errorDescription: String? {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write the ledger copy \(path): \(reason). Check that the folder exists on a disk with free space and that qbsync may write there ([ledger] backup_dir), then run 'qbsync backup'"
        case .notALedger(let path, let reason):
            "\(path) is not a qbsync ledger copy (\(reason)): nothing was restored. 'qbsync status' names the newest copy in [ledger] backup_dir"
        case .newerThanBackup(let path, let current, let copy):
            "the ledger holds runs the copy \(path) does not (the ledger's last run is \(current), the copy's is \(copy)): restoring would forget what those runs posted, and the next run could post it again. Nothing was restored; if you are sure, run 'qbsync restore \(path) --force'"
        }
    }
}

extension LedgerBackupError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .newerThanBackup = self { return .blocked }
        return .configuration
    }
}
