import Foundation
import QBSyncJSON

#if canImport(Glibc)
    import Glibc
#endif

/// A file could not be read or written.
public enum FileStoreError: RerunnableError, Equatable {
    case cannotWrite(String, String)
    case cannotRead(String)
    case badJSON(String, JSONSyntaxError)
    /// The disk (or the user's quota) is full: the file at the path was not written. Every
    /// writer puts a file in place only once it is whole, and a stage counts as done in its
    /// manifest only once all its files are, so no later stage takes a half-written one: the
    /// same command, run again, does the step whole.
    case diskFull(String)

    /// The error for a write of `path` that failed with `code` (errno): a full disk says so.
    static func writing(_ path: String, errno code: Int32) -> FileStoreError {
        code == ENOSPC || code == EDQUOT ? .diskFull(path) : .cannotWrite(path, String(cString: strerror(code)))
    }

    public var errorDescription: String? { errorDescription(rerunning: nil) }

    /// The message, naming `command` as the one to run again once there is room.
    public func errorDescription(rerunning command: String?) -> String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .cannotRead(let path): "cannot read \(path): no such file or not readable"
        case .badJSON(let path, let error):
            "\(path):\(error.line):\(error.column): not valid JSON: \(error.reason). Fix the file (or re-run the stage that writes it) and try again."
        case .diskFull(let path):
            "cannot write \(path): the disk is full (no space left on device). The step stopped before it counted as done "
                + "(its files are put in place only whole): free disk space, then run \(command.map { "'\($0)'" } ?? "the command") again"
        }
    }
}

extension FileStoreError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .cannotWrite: return .itemsFailed
        // Blocked until someone frees space; nothing of the step was recorded.
        case .diskFull: return .blocked
        default: return .configuration
        }
    }
}
