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
    static func code(for error: Error) -> Int32 {
        switch error {
        case let error as OMSError: error.isBlocked ? 3 : 2
        case is PipelineError, is RunStoreError, is LedgerError, is QBOConnectionError: 2
        case is WorkspaceLockError: 3
        case let error as TransformError:
            if case .leak = error { 3 } else { 2 }
        case let error as LoadError: error.isBlocked ? 3 : 1
        case let error as ConnectError:
            if case .cannotListen = error { 2 } else { 3 }
        case let error as QBOClientError:
            if error.needsAuthorization { 3 } else if case .tokenStorage(.unsafeFile) = error { 2 } else { 1 }
        case is OperatorError: 3
        case is DeskError, is OMSRefError: 2
        case is CompanyHistoryError: 3
        case let error as LedgerBackupError:
            if case .newerThanBackup = error { 3 } else { 2 }
        case let error as ApprovalError:
            switch error {
            case .transformNotDone, .badApproverName: 2
            default: 3
            }
        case let error as FileStoreError:
            switch error {
            case .cannotWrite: 1
            // Blocked until someone frees space; nothing of the step was recorded.
            case .diskFull: 3
            default: 2
            }
        default: 1
        }
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
