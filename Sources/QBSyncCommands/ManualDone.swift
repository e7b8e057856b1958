import ArgumentParser
import QBSyncCore

/// `qbsync manual-done ITEM... [--note TEXT]`: ticks items off the manual entry to-do list.
struct ManualDone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual-done",
        abstract: "Tick items off the manual entry to-do list: entered in QuickBooks by hand.",
        discussion: """
            Only items on the to-do list ('qbsync manual ITEM' puts them there). Runs keep leaving \
            them alone; if one changes in the OMS again it goes back on the list. Recorded with who \
            and when; only the people in [sync] operators may do it (exit code 3 for others).

            Example:
              qbsync manual-done sale:1042 --note "entered as invoice 1042-A"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @OptionGroup var itemArguments: ItemArguments
    @Option(name: .long, help: ArgumentHelp("How it was entered (kept in the history).", valueName: "text"))
    var note: String?

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("manual-done")
            let items = try context.ledger.apply(
                .manualDone, to: try itemArguments.refs().map(\.description), note: note, actor: context.actor)
            context.reportAction("manual-done", items, json: global.json, note: note)
            return 0
        }
    }
}
