import Foundation

/// Why `tokens.json` could not be read or written. None of the messages quotes a token.
public enum TokenStoreError: Error, Sendable, Equatable, LocalizedError {
    /// The file is not something qbsync may trust (a symbolic link, another user's file).
    case unsafeFile(path: String, reason: String)
    /// The file is there but is not a valid token document.
    case unreadable(path: String, reason: String)
    /// A file-system call failed.
    case io(path: String, operation: String, reason: String)

    /// What happened and what to do.
    public var errorDescription: String? {
        switch self {
        case .unsafeFile(let path, let reason):
            return "\(path): refusing to use the QuickBooks tokens: \(reason). Remove it and run 'qbsync connect'."
        case .unreadable(let path, let reason):
            return "\(path): the QuickBooks tokens cannot be read (\(reason)). Remove it and run 'qbsync connect'."
        case .io(let path, let operation, let reason):
            return "\(path): \(operation) failed: \(reason). Check the workspace folder's permissions and free space."
        }
    }
}

extension TokenStoreError: ExitStatusError {
    /// Tokens that cannot be trusted or read are a login needed (refused until 'qbsync connect');
    /// a failing disk is passing.
    public var exitStatus: ExitStatus {
        switch self {
        case .unsafeFile, .unreadable: .blocked
        case .io: .itemsFailed
        }
    }
}
