import ArgumentParser
import QBSyncCore

/// `qbsync retry ITEM... [--now]`: puts failed (or excluded, or manual) items back into
/// synchronization, with the next run or at once.
struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put items back into synchronization: with the next run, or --now in a run of their own.",
        discussion: """
            Takes failed, excluded or manual-list items (a synced item has nothing to retry). \
            With --now, a run of its own takes just those items and what they need in QuickBooks \
            (extract, transform, load, reconcile; the change feed's cursor does not move) and \
            prints where each ended; while another run or extract works in the workspace it is \
            refused (exit code 3, naming it). Recorded in the ledger's history with who and when; \
            only the people in [sync] operators may retry (exit code 3 for others).

            Example:
              qbsync retry sale:1042 payer:3
              qbsync retry --now item:17 --by ana
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @OptionGroup var itemArguments: ItemArguments
    @Flag(name: .long, help: "Run the stages for just these items now instead of waiting for the next run.")
    var now = false

    @Option(help: "With --now on a desktop pipeline: how long the load waits for the Web Connector (seconds; exit code 3 after).")
    var wait = 3600

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            let refs = try itemArguments.refs()
            let pipeline = context.pipeline()
            guard now else {
                context.reportAction("retry", try pipeline.retry(refs), json: global.json, note: nil)
                return 0
            }
            // A run of their own, loaded as the nightly's is (on Desktop, through the Web Connector).
            let outcome = try await context.withLoad(run: nil, label: "(the retry's new run)", wait: wait) { try await $0.retryNow(refs) }
            context.render(outcome, json: global.json)
            return outcome.code
        }
    }
}
