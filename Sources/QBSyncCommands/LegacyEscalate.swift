import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync legacy escalate ITEM --note TEXT`: records that an old skipped transaction went to support.
struct LegacyEscalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Record that old skipped transactions went to support, with a note.",
        discussion: """
            ITEM is legacy:N or ENTITY:ID. 'qbsync legacy list' then shows them escalated, by whom \
            and when. Only the people in [sync] operators may do it (exit code 3 for others).

            Example:
              qbsync legacy escalate legacy:9 --note "ticket 4411 with the OMS vendor"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Argument(help: ArgumentHelp("legacy:N or ENTITY:ID.", valueName: "item"))
    var items: [String]
    @Option(name: .long, help: ArgumentHelp("Where it went (a ticket number, who has it).", valueName: "text"))
    var note: String

    func validate() throws {
        if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--note needs a text: where the transaction went (a ticket, a person).")
        }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("legacy escalate")
            let oms = try OMSDatabase(settings: context.settings)
            let review = try LegacyReview.build(oms: oms, ledger: context.ledger)
            let entries = try items.flatMap { try review.entries(named: $0) }
            for entry in entries {
                try context.ledger.escalateLegacy([entry.row.id], ref: entry.ref?.description, note: note, actor: context.actor)
            }
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "action": "legacy escalate", "actor": .string(context.actor), "note": .string(note),
                        "rows": .array(entries.map { .string($0.name) }),
                    ]), terminator: "")
            } else {
                for entry in entries { context.write("\(entry.name): escalated to support (by \(context.actor)): \(note)") }
            }
            return 0
        }
    }
}
