import ArgumentParser
import Foundation
import QBSyncCore

/// `qbsync exclude ITEM... --reason TEXT`: takes items out of synchronization.
struct Exclude: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take items out of synchronization, with the reason.",
        discussion: """
            Takes failed, queued or manual-list items. Runs then leave them alone, even when they \
            change in the OMS; 'qbsync retry ITEM' brings one back. An item already in QuickBooks \
            cannot be excluded (void or delete it there). Recorded with who and when; only the \
            people in [sync] operators may exclude (exit code 3 for others).

            Example:
              qbsync exclude sale:1042 --reason "duplicate of sale 1041, voided in the OMS next week"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @OptionGroup var itemArguments: ItemArguments
    @Option(name: .long, help: ArgumentHelp("Why (kept in the ledger and shown by status).", valueName: "text"))
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason needs a text: why the items stay out of QuickBooks.")
        }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("exclude")
            let items = try context.ledger.apply(
                .exclude, to: try itemArguments.refs().map(\.description), note: reason, actor: context.actor)
            context.reportAction("exclude", items, json: global.json, note: reason)
            return 0
        }
    }
}
