import ArgumentParser
import Foundation
import QBSyncCore

/// `qbsync run`: the nightly: every stage in order for a new run.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly: extract, transform, then load and reconcile (unless approval is required).",
        discussion: """
            A load an earlier run left unfinished (killed, or stopped by QuickBooks) is finished
            first. When the pipeline sets [sync] require_approval = true, it stops after transform with
            the review written (2-transform/review.html) and says where to look; 'qbsync approve',
            then 'qbsync load' and 'qbsync reconcile' finish the run. Ends with a short summary:
            counts, totals by document kind, failures, where the files are. Progress shows on
            stderr only at a terminal; under cron or systemd the output is the summary alone.
            An earlier run that stopped between stages (its extract killed, its folder deleted,
            never transformed or loaded) is named with the command that finishes it:
            --run ID takes that run through every stage it has not finished, extracting its
            window again when its extract is gone. One run or extract at a time per workspace.
            Exit codes: 0 all done, 1 some items failed (or an earlier run is left unfinished),
            2 configuration, 3 blocked (another run or extract at work, QuickBooks login needed,
            PHI leak, not approved, or the acting person, --by or $USER, not in the pipeline's
            [sync] operators).

            Example:
              qbsync run --pipeline pipelines/default.toml
              qbsync run --run 0003-20261123T020000Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(name: .long, help: ArgumentHelp("Finish this existing run instead of starting a new one.", valueName: "id"))
    var run: String?
    @Flag(
        name: .customLong("take-over-lock"),
        help: "Take the workspace lock from its holder (only when sure that run is no longer going).")
    var takeOverLock = false

    @Option(help: "On a desktop pipeline: how long the load waits for the Web Connector (seconds; exit code 3 after).")
    var wait = 3600

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            let progress = StageProgress(terminal: Terminal(environment: context.environment))
            let outcome = try await context.withLoad(run: run, label: "(tonight's new run)", wait: wait, progress: progress) {
                try await $0.run(finishing: run, takeOverLock: takeOverLock)
            }
            context.render(outcome, json: global.json)
            return outcome.code
        }
    }
}
