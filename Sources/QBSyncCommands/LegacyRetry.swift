import ArgumentParser
import QBSyncCore

/// `qbsync legacy retry ITEM...`: brings retryable old skipped transactions into the next run.
struct LegacyRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Bring old skipped transactions into the next run (only retryable ones).",
        discussion: """
            ITEM is legacy:N or ENTITY:ID. The record is queued like 'qbsync retry' (the next run \
            takes it and what it needs); one that is gone or of a kind qbsync does not post is \
            refused: escalate it instead. Recorded with who and when; only the people in \
            [sync] operators may do it (exit code 3 for others).

            Example:
              qbsync legacy retry sale:12 legacy:4
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Argument(help: ArgumentHelp("legacy:N or ENTITY:ID.", valueName: "item"))
    var items: [String]

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            let queued = try context.pipeline().retryLegacy(items)
            context.reportAction("legacy retry", queued, json: global.json, note: nil)
            return 0
        }
    }
}
