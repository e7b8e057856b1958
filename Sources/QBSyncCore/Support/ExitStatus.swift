/// What a command that failed exits with, by the command-line contract: each error type says its
/// own, so a command maps an error to its exit code without knowing every kind of failure.
public enum ExitStatus: Int32, Sendable {
    /// The stage finished, but some items failed (each is in the ledger with its reason), or it
    /// stopped on a passing failure and running it again goes on.
    case itemsFailed = 1
    /// Usage or configuration error, or input that cannot be taken: nothing was done.
    case configuration = 2
    /// Refused or blocked: not approved, a lock held, a login needed, input changed.
    case blocked = 3
}

/// An error that knows the exit status it stands for.
public protocol ExitStatusError: Error {
    var exitStatus: ExitStatus { get }
}
