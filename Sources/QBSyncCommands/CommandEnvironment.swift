import Foundation

/// What a command reads from the world outside its arguments: environment variables and where
/// its output goes. The executable uses the process's own; in-process tests pass their own.
public struct CommandEnvironment: Sendable {
    /// The environment variables the command sees (`QBSYNC_*` overrides among them).
    public var variables: [String: String]

    public init(variables: [String: String]) {
        self.variables = variables
    }

    /// The environment of the running task: the process's unless a test bound another.
    @TaskLocal public static var current = CommandEnvironment(variables: ProcessInfo.processInfo.environment)

    /// Writes a line of human output to standard output.
    func write(_ line: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((line + terminator).utf8))
    }

    /// Writes a line to standard error.
    func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
