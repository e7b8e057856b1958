import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync restore FILE`: puts a copy of the ledger back (a new computer, a failed disk).
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a copy of the status ledger back in place of the workspace's ledger.",
        discussion: """
            For a replaced computer or a lost disk: restore the newest copy before the first run \
            on the new machine, so qbsync knows what it already posted and does not post it \
            again. FILE is a copy made by qbsync (automatically, or by 'qbsync backup'); it is \
            checked (SQLite's integrity check and the ledger's tables) before anything changes. \
            The ledger as it was is copied first, so a restore can be undone. Refused while a \
            load runs, and when the workspace's ledger holds a newer run than the copy (--force \
            to restore anyway). Only the people in [sync] operators may restore.

            Example:
              qbsync restore /mnt/backup/qbsync/ledger-20261201T020512.331Z-run.sqlite
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Argument(help: ArgumentHelp("The ledger copy to restore.", valueName: "file"))
    var file: String
    @Flag(name: .long, help: "Restore even when the ledger holds newer runs than the copy, or a load's lock.")
    var force = false

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("restore")
            let backups = LedgerBackups(settings: context.settings)
            let restored = try backups.restore(
                URL(fileURLWithPath: file), into: context.ledger, company: context.settings.quickbooks.realm ?? "",
                user: context.actor, force: force, logger: context.logger)
            let summary = restored.summary
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "restored": .string(file), "last_run": summary.lastRun.map(JSONValue.string) ?? .null,
                        "cursor": .int(summary.cursor), "quickbooks_objects": .int(summary.objects),
                        "previous_copy": restored.previous.map { .string($0.url.path) } ?? .null,
                    ]), terminator: "")
            } else {
                context.write(
                    "restore: the ledger now holds what \(file) held: last run \(summary.lastRun ?? "none"), cursor \(summary.cursor), \(summary.objects) QuickBooks object(s)")
                if let previous = restored.previous {
                    context.write("restore: the ledger as it was is kept in \(previous.url.path)")
                }
                context.write(
                    "restore: anything qbsync posted after this copy was made is not in it; 'qbsync status' shows what is pending, and the next 'qbsync run' goes on from the copy's cursor")
            }
            return 0
        }
    }
}
