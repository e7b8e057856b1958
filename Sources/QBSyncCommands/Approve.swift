import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync approve --run ID --by NAME`: records the approval of a run's transform files.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Approve a run's batches for loading: records who, when, and each file's SHA-256.",
        discussion: """
            Records the approval in the ledger and in runs/<RUN_ID>/approval.json with the
            SHA-256 of every file in 2-transform/. 'qbsync load' then posts exactly those files:
            it refuses (exit code 3) a run whose files changed since, naming the file. A file
            edited by hand must first pass 'qbsync transform --validate --run ID'; a validated
            edit voids the approval, so the run is approved again.

            Example:
              qbsync review --run 0001-20261121T020000Z
              qbsync approve --run 0001-20261121T020000Z --by "Dana Ng"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption
    @Option(name: .long, help: ArgumentHelp("Who approves (recorded with the approval).", valueName: "name"))
    var by: String

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let folder = try context.runFolder(runOption.run)
            let approval = try Approvals(settings: context.settings, ledger: context.ledger)
                .approve(runID: runOption.run, by: by, actor: context.actor)
            if global.json {
                context.write(JSONWriter.pretty(approval.json), terminator: "")
                return 0
            }
            let review = try RunReview(runID: runOption.run, settings: context.settings, ledger: context.ledger).review()
            context.write("approved run \(approval.run) by \(approval.approvedBy) at \(approval.approvedAt): \(review.headline)")
            context.write("recorded: the SHA-256 of \(approval.files.count) file(s) in 2-transform/ (ledger and \(folder.url.path)/approval.json)")
            let loaded = try folder.manifest(pipeline: context.settings.name).stages[.load] != nil
            context.write(
                loaded
                    ? "note: this run was already loaded (at least in part); 'qbsync load --run \(approval.run)' posts what is not yet in QuickBooks"
                    : "next: qbsync load --run \(approval.run) && qbsync reconcile --run \(approval.run)")
            return 0
        }
    }
}
