import Foundation
import QBSyncCommands

// Before any thread starts: the process's malloc arenas (`MallocTuning`).
QBSync.prepareProcess()

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`; this only hands over
/// the arguments and the environment and exits with the contract's code.
let code = await QBSync.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
