import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync backup`: a copy of the ledger now, beside the automatic ones.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the status ledger to [ledger] backup_dir now.",
        discussion: """
            Every command that changes the ledger already leaves a copy when it ends (the newest \
            [ledger] backups_kept are kept, 14 by default). This makes one on demand, before \
            moving the workspace say. The copy is SQLite's own snapshot of the ledger (never a \
            copy of the live file), mode 0600: it maps pseudonyms back to patients, so keep it \
            where only the clinic can read it. 'qbsync restore FILE' puts one back.

            Example:
              qbsync backup
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let copy = try LedgerBackups(settings: context.settings).backUp(context.ledger, reason: "manual")
            let summary = try context.ledger.summary()
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "path": .string(copy.url.path), "made_at": .string(copy.madeAt),
                        "last_run": summary.lastRun.map(JSONValue.string) ?? .null, "cursor": .int(summary.cursor),
                    ]), terminator: "")
            } else {
                context.write("backup: the ledger (last run \(summary.lastRun ?? "none"), cursor \(summary.cursor)) copied to")
                context.write(copy.url.path)
            }
            return 0
        }
    }
}
