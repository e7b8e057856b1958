import Foundation

/// Why the sample generator could not do what it was asked.
public enum SampleError: Error, LocalizedError, Equatable {
    /// The output file exists and replacing it was not asked for.
    case fileExists(path: String)
    /// The database to extend does not exist.
    case fileMissing(path: String)
    /// An option is out of range or malformed.
    case invalidOption(String)
    /// The database to extend was not written by the sample generator (or was changed since).
    case notASampleDatabase(path: String, reason: String)

    /// True when nothing was done because of how the generator was called (exit code 2).
    public var isUsageError: Bool {
        switch self {
        case .fileExists, .fileMissing, .invalidOption, .notASampleDatabase: return true
        }
    }

    /// What went wrong, for a person.
    public var errorDescription: String? {
        switch self {
        case .fileExists(let path):
            return "\(path) already exists; the sample generator does not overwrite a file unless told to replace it."
        case .fileMissing(let path):
            return "\(path) does not exist; write a sample database first, then add activity to it."
        case .invalidOption(let message):
            return message + "."
        case .notASampleDatabase(let path, let reason):
            return "\(path) is not a sample OMS database the generator can extend: \(reason)."
        }
    }
}

extension SampleError: ExitStatusError {
    public var exitStatus: ExitStatus { isUsageError ? .configuration : .itemsFailed }
}
