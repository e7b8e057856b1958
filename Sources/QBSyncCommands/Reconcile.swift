import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync reconcile --run ID`: QuickBooks's answers -> the status ledger and 4-reconcile/.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a run's load results into the status ledger (4-reconcile/).",
        discussion: """
            Each item becomes synced (with its QuickBooks ids), failed (with the reason and what to
            do), or stays pending. Exit code 1 when any item failed.

            Example:
              qbsync reconcile --run 0001-20261121T020000Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            _ = try context.runFolder(runOption.run)
            let result = try Reconciler(settings: context.settings, ledger: context.ledger, actor: context.actor, logger: context.logger)
                .run(runID: runOption.run)
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "run": .string(runOption.run), "synced": .int(result.synced), "failed": .int(result.failed),
                        "pending": .int(result.pending),
                    ]), terminator: "")
            } else {
                context.write("reconcile: \(result.synced) synced, \(result.failed) failed, \(result.pending) pending")
                for outcome in result.outcomes where outcome.state == .failed {
                    context.write("  failed \(outcome.message ?? outcome.ref)")
                }
            }
            return result.failed == 0 && result.pending == 0 ? 0 : 1
        }
    }
}
