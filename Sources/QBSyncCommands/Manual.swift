import ArgumentParser
import QBSyncCore

/// `qbsync manual ITEM... [--note TEXT]`: puts items on the manual entry to-do list.
struct Manual: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put items on the manual entry to-do list (to be entered in QuickBooks by hand).",
        discussion: """
            Takes failed, queued or excluded items. Runs leave them alone; 'qbsync status' lists \
            them until 'qbsync manual-done ITEM' ticks them off. Recorded with who and when; only \
            the people in [sync] operators may do it (exit code 3 for others).

            Example:
              qbsync manual sale:1042 --note "closed period: enter in November's adjustments"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @OptionGroup var itemArguments: ItemArguments
    @Option(name: .long, help: ArgumentHelp("A note for the to-do list (default: why it failed).", valueName: "text"))
    var note: String?

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("manual")
            let items = try context.ledger.apply(.manual, to: try itemArguments.refs().map(\.description), note: note, actor: context.actor)
            context.reportAction("manual", items, json: global.json, note: note)
            return 0
        }
    }
}
