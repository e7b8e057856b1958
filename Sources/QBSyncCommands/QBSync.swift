import ArgumentParser
import Foundation
import QBSyncCore

/// The root command: `qbsync <subcommand>`.
public struct QBSync: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qbsync",
        abstract: "Keep a hearing clinic's QuickBooks Online books in step with its OMS.",
        discussion: """
            Stages, each inspectable on disk under <workspace>/runs/<RUN_ID>/:
              extract -> transform -> (review, approve) -> load -> reconcile

            Example:
              qbsync sample --out oms.sqlite --patients 50 --days 30
              QBSYNC_OMS_DB=oms.sqlite qbsync run --pipeline pipelines/default.toml
            """,
        subcommands: [
            Sample.self,
            Sandbox.self,
            WebConnector.self,
            Connect.self,
            Extract.self,
            Transform.self,
            Review.self,
            Approve.self,
            Load.self,
            Reconcile.self,
            Run.self,
            Status.self,
            Show.self,
            Retry.self,
            Exclude.self,
            Manual.self,
            ManualDone.self,
            Legacy.self,
            Backup.self,
            Restore.self,
            Reintegrate.self,
            BenchLoad.self,
        ]
    )

    public init() {}

    /// What the executable sets for its whole process before any thread starts (malloc's arena
    /// count); tests running commands in-process leave their own process as it is.
    public static func prepareProcess() {
        MallocTuning.limitArenas()
    }

    /// Runs one command line in-process, with the given environment, and returns its exit code.
    /// Tests use this instead of spawning the executable; with `capture`, the output goes there.
    public static func run(arguments: [String], environment: [String: String], capture: OutputCapture? = nil) async -> Int32 {
        await CommandEnvironment.$current.withValue(CommandEnvironment(variables: environment, capture: capture, arguments: arguments)) {
            do {
                var command = try parseAsRoot(arguments)
                if var asyncCommand = command as? AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                let code = exitCode(for: error).rawValue
                let message = fullMessage(for: error)
                if code == 0 {
                    // --help and --version print on stdout.
                    if !message.isEmpty { CommandEnvironment.current.write(message) }
                    return 0
                }
                if !message.isEmpty { CommandEnvironment.current.writeError(message) }
                // ArgumentParser's usage errors exit 64 (EX_USAGE); the contract says 2.
                return code == ExitCode.validationFailure.rawValue ? 2 : code
            }
        }
    }
}
