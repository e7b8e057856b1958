import Foundation

/// What a command reads from the world outside its arguments: environment variables and where
/// its output goes. The executable uses the process's own; in-process tests pass their own.
public struct CommandEnvironment: Sendable {
    /// The environment variables the command sees (`QBSYNC_*` overrides among them).
    public var variables: [String: String]

    /// Where output goes instead of the process's stdout and stderr (in-process tests read it).
    public var capture: OutputCapture?

    /// The command line's arguments (after `qbsync`), so a message can say which command to run again.
    public var arguments: [String]

    /// The environment `variables`, writing to `capture` when given.
    public init(variables: [String: String], capture: OutputCapture? = nil, arguments: [String] = []) {
        self.variables = variables
        self.capture = capture
        self.arguments = arguments
    }

    /// The command as typed, to run again (`qbsync extract --pipeline pipelines/clinic.toml`):
    /// arguments with spaces are quoted, and an authorization code is never repeated.
    var commandLine: String? {
        guard !arguments.isEmpty else { return nil }
        var words = ["qbsync"]
        for (index, argument) in arguments.enumerated() {
            let secret = index > 0 && arguments[index - 1] == "--code" || argument.hasPrefix("--code=")
            let word = secret ? (argument.hasPrefix("--code=") ? "--code=CODE" : "CODE") : argument
            words.append(word.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "\"\(word)\"" : word)
        }
        return words.joined(separator: " ")
    }

    /// The environment of the running task: the process's unless a test bound another.
    @TaskLocal public static var current = CommandEnvironment(variables: ProcessInfo.processInfo.environment)

    /// Writes a line of human output to standard output.
    func write(_ line: String, terminator: String = "\n") {
        if let capture { return capture.append(line + terminator, error: false) }
        FileHandle.standardOutput.write(Data((line + terminator).utf8))
    }

    /// Writes a line to standard error.
    func writeError(_ line: String) {
        if let capture { return capture.append(line + "\n", error: true) }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A command's standard output and standard error, kept in memory.
public final class OutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var output = ""
    private var errors = ""

    public init() {}

    /// Everything written to standard output so far.
    public var standardOutput: String { lock.withLock { output } }
    /// Everything written to standard error so far.
    public var standardError: String { lock.withLock { errors } }

    func append(_ text: String, error: Bool) {
        lock.withLock {
            if error { errors += text } else { output += text }
        }
    }
}
