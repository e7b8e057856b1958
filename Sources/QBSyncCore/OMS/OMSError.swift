import Foundation
import GRDB

/// The OMS database cannot be used: nothing was done and the cursor has not moved. Exit code 2
/// (the file or the setting must be fixed), except `busy`: another program holds the file's lock,
/// which passes (exit code 3, blocked).
public enum OMSError: RerunnableError, Equatable {
    case notConfigured
    case missing(String)
    case unreadable(String, String)
    case notAnOMS(String)
    /// A table of the source contract is not in the file: (path, table).
    case missingTable(String, String)
    /// A table lacks columns the source contract gives it: (path, table, columns).
    case missingColumns(String, String, [String])
    /// The file is damaged (cut short, a page that does not read back, a row the schema forbids):
    /// (path, what was found).
    case damaged(String, String)
    /// Another connection held a lock on the file for longer than the busy timeout: (path, seconds).
    case busy(String, Int)

    public var errorDescription: String? { errorDescription(rerunning: nil) }

    /// The message, naming `command` as the one to run again once the cause is gone.
    public func errorDescription(rerunning command: String?) -> String {
        let again = command.map { "'\($0)'" } ?? "the command"
        return switch self {
        case .notConfigured:
            "no OMS database configured: set [oms] database in the pipeline file or QBSYNC_OMS_DB"
        case .missing(let path): "the OMS database \(path) does not exist (check [oms] database or QBSYNC_OMS_DB)"
        case .unreadable(let path, let reason): "cannot read the OMS database \(path): \(reason)"
        case .notAnOMS(let path): "\(path) has no change_log table: it is not an OMS accounting export database"
        case .missingTable(let path, let table):
            "the OMS database \(path) has no \(table) table, which the OMS accounting export always holds: "
                + "check that [oms] database (or QBSYNC_OMS_DB) names the OMS's export and that the OMS finished writing it; nothing was done"
        case .missingColumns(let path, let table, let columns):
            "the OMS database \(path) lacks the column(s) \(columns.joined(separator: ", ")) of its \(table) table, "
                + "which the OMS accounting export always holds: check that [oms] database (or QBSYNC_OMS_DB) names the OMS's export; nothing was done"
        case .damaged(let path, let finding):
            "the OMS database \(path) is damaged (\(finding)): nothing was extracted and the cursor has not moved, "
                + "so no change is lost. Have the OMS repair or restore the file (its vendor's tools, or the last good backup), then run \(again) again"
        case .busy(let path, let seconds):
            "the OMS database \(path) stayed locked by another program for \(seconds) s (the OMS writing, or a backup or repair of the file): "
                + "nothing was done. Wait until it is finished, then run \(again) again ([oms] busy_timeout sets how long to wait)"
        }
    }

    /// What a failed read of the OMS at `path` means for the person running qbsync, in words
    /// rather than SQLite's: a lock that outlasted the wait, a damaged file, or another reason.
    static func reading(_ error: Error, path: String, busyTimeout: TimeInterval) -> OMSError {
        guard let error = error as? DatabaseError else {
            return .unreadable(path, (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path, Int(busyTimeout.rounded()))
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            return .damaged(path, "SQLite cannot read it back as a database")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return .unreadable(path, "it cannot be opened for reading; check the file's and its folder's permissions")
        case .SQLITE_IOERR: return .unreadable(path, "the disk reported a read error; check the disk, then try again")
        case .SQLITE_ERROR:
            // A table or column the statement named is gone: the schema check at open catches
            // those, so this is a file changed under a running extract.
            let missing = error.message.flatMap { message in
                ["no such table: ", "no such column: "].lazy.compactMap { prefix in
                    message.range(of: prefix).map { String(message[$0.upperBound...]) }
                }.first
            }
            if let missing {
                return .unreadable(path, "it no longer has \(missing) (was the file replaced while qbsync read it?)")
            }
            return .unreadable(path, "SQLite refused a read (code \(error.extendedResultCode.rawValue))")
        default:
            return .unreadable(path, "SQLite refused a read (code \(error.extendedResultCode.rawValue))")
        }
    }

    /// True when the cause passes without anyone fixing a file or a setting (exit code 3).
    public var isBlocked: Bool {
        if case .busy = self { return true }
        return false
    }
}

extension OMSError: ExitStatusError {
    public var exitStatus: ExitStatus { isBlocked ? .blocked : .configuration }
}
