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
    /// As when the client meets them (`QBOClientError.tokenStorage`): tokens that do not read
    /// are a login needed (3), a file that is a link or another user's is setup (2), a failing
    /// disk is passing (1).
    public var exitStatus: ExitStatus { QBOClientError.tokenStorage(self).exitStatus }
}
