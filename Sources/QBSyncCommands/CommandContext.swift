import ArgumentParser
import Foundation
import Logging
import QBSyncCore

/// What a pipeline command works with: the resolved settings, the ledger, a logger, who is acting.
/// Built once per command from the global options and the environment.
struct CommandContext {
    let settings: PipelineSettings
    let ledger: Ledger
    let logger: Logger
    let actor: String
    let environment: CommandEnvironment

    init(_ options: GlobalOptions, actor explicitActor: String? = nil) throws {
        environment = CommandEnvironment.current
        settings = try PipelineSettings.load(path: options.pipeline, environment: environment.variables)
        // Opening the ledger creates the workspace, owner-only.
        ledger = try Ledger(url: settings.workspace.appendingPathComponent("ledger.sqlite"))
        CommandSession.register(ledger, settings: settings)
        logger = Self.makeLogger(environment: environment.variables)
        actor = explicitActor ?? environment.variables["USER"] ?? environment.variables["LOGNAME"] ?? "unknown"
        if !settings.redaction.enabled {
            let acknowledged = try ledger.acknowledgeRedactionOff(by: settings.redaction.disabledBy ?? "?")
            environment.writeError(
                "qbsync: PHI redaction is OFF for pipeline \(settings.name) (acknowledged by \(acknowledged)): patient names and details are sent to QuickBooks.")
        }
    }

    /// Log lines go to stderr and name OMS references, never values. `QBSYNC_LOG_LEVEL` sets the level.
    static func makeLogger(environment: [String: String]) -> Logger {
        var logger = Logger(label: "qbsync") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = environment["QBSYNC_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    /// The run folder of `id`, refused when it does not exist.
    func runFolder(_ id: String) throws -> RunFolder {
        let folder = RunFolder(workspace: settings.workspace, id: id)
        guard folder.exists else {
            // A run the ledger knows lost its folder: say the command that makes it again.
            if (try? ledger.run(id)) != nil { throw RunStoreError.lostFolder(id) }
            throw RunStoreError.missingRun(id)
        }
        return folder
    }

    func write(_ line: String, terminator: String = "\n") { environment.write(line, terminator: terminator) }
}

/// Maps what went wrong to the contract's exit codes: 2 for usage and configuration, 3 for
/// refused or blocked, 1 for everything else.
enum ExitCodes {
    /// The error's own exit status (`ExitStatusError`); 1 for anything that does not say.
    static func code(for error: Error) -> Int32 {
        (error as? ExitStatusError)?.exitStatus.rawValue ?? ExitStatus.itemsFailed.rawValue
    }
}

/// A command's failure that carries its exit code and prints the error's description.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    init(_ error: Error) {
        if let error = error as? RerunnableError {
            message = error.errorDescription(rerunning: CommandEnvironment.current.commandLine)
        } else {
            message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        code = ExitCodes.code(for: error)
    }

    var description: String { message }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning its errors into the contract's exit codes with a clear message.
    /// With `copiesLedger`, a ledger the command changed is copied to `[ledger] backup_dir` when
    /// it ends (`CommandSession`).
    func guarded(copiesLedger: Bool = true, _ body: () async throws -> Int32) async throws {
        let code: Int32
        let session = CommandSession()
        defer { if copiesLedger { session.finish(command: Self._commandName, environment: CommandEnvironment.current) } }
        do {
            code = try await CommandSession.$current.withValue(session) { try await body() }
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            let failure = CommandFailure(error)
            CommandEnvironment.current.writeError("qbsync: \(failure.message)")
            throw ExitCode(failure.code)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
