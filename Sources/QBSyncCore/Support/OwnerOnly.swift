import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Folders and files only their owner may read: the workspace (0700), its `runs/` folder and the
/// ledger (0600), which maps pseudonyms back to patients. Modes are set explicitly, whatever the
/// umask, and an existing folder or file that others could read is tightened when it is opened:
/// only the systemd example sets `UMask=0077`, and a workspace made under another umask must not
/// stay readable by every user of the machine.
public enum OwnerOnly {
    /// Creates `url` (and any missing parent) as a folder readable by its owner only, or takes
    /// the group's and others' permissions off it when it exists.
    public static func directory(_ url: URL) throws {
        let path = url.path
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // mkdir applies the umask, which can only take permissions away from 0700.
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw OwnerOnlyError.cannotProtect(path, String(cString: strerror(errno)))
            }
        } else if !isFolder.boolValue {
            throw OwnerOnlyError.cannotProtect(path, "it is a file, not a folder")
        }
        try tighten(path, to: 0o700)
    }

    /// Creates the file `url` empty with mode 0600 when it does not exist, or tightens it to
    /// 0600 when it does. SQLite gives a database's `-wal` and `-shm` files the database file's
    /// mode, so a ledger created this way never has a readable journal, even for a moment.
    ///
    /// An existing file is never opened here, only its mode changed: closing any descriptor of a
    /// file drops every POSIX lock this process holds on it, so opening and closing a ledger that
    /// another connection of the process has open would take SQLite's locks from under it.
    public static func file(_ url: URL) throws {
        let path = url.path
        var info = stat()
        if stat(path, &info) != 0 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                close(fd)
            } else if errno != EEXIST {
                throw OwnerOnlyError.cannotProtect(path, String(cString: strerror(errno)))
            }
        }
        try tighten(path, to: 0o600)
    }

    /// Tightens `path` to `mode` when it exists (a `-wal` file between two runs may not). One
    /// that goes away while this looks (the last connection of another process closing) is
    /// as good as absent.
    public static func tightenIfPresent(_ url: URL, to mode: mode_t = 0o600) throws {
        try tighten(url.path, to: mode, absentIsFine: true)
    }

    /// Sets `path` (or what a link there points to) to `mode` unless it is already so.
    private static func tighten(_ path: String, to mode: mode_t, absentIsFine: Bool = false) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if absentIsFine && errno == ENOENT { return }
            throw OwnerOnlyError.cannotProtect(path, String(cString: strerror(errno)))
        }
        guard info.st_mode & 0o7777 != mode else { return }
        guard chmod(path, mode) == 0 else {
            if absentIsFine && errno == ENOENT { return }
            throw OwnerOnlyError.cannotProtect(path, String(cString: strerror(errno)))
        }
    }
}

/// A folder or file that must be owner-only could not be made so.
public enum OwnerOnlyError: LocalizedError, Equatable {
    case cannotProtect(String, String)

    public var errorDescription: String? {
        switch self {
        case .cannotProtect(let path, let reason):
            "cannot make \(path) readable by its owner only (\(reason)): it holds what maps pseudonyms back to patients. Check who owns it ('ls -ld \(path)') and run qbsync as that user."
        }
    }
}

extension OwnerOnlyError: ExitStatusError {
    /// The workspace cannot be kept private, so nothing is opened: how qbsync is set up.
    public var exitStatus: ExitStatus { .configuration }
}
