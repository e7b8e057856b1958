import ArgumentParser
import QBSyncCore
import QBSyncJSON

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

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("retry")
            let refs = try itemArguments.refs()
            let queued = try context.ledger.apply(now ? .retryNow : .retry, to: refs.map(\.description), note: nil, actor: context.actor)
            guard now else {
                context.reportAction("retry", queued, json: global.json, note: nil)
                return 0
            }
            return try await runNow(refs, context: context)
        }
    }

    /// Extract (just `refs` and what they need), transform, load, reconcile; reports each item.
    private func runNow(_ refs: [OMSRef], context: CommandContext) async throws -> Int32 {
        let stages = StageRunner(context: context)
        let extract = try stages.extract(only: refs, command: "qbsync retry --now \(refs.map(\.description).joined(separator: " "))")
        let run = extract.run.id
        let transform = try stages.transform(run)
        var summary: [String: JSONValue] = ["run": .string(run), "operations": .int(transform.operations)]
        if context.settings.requireApproval {
            summary["stopped"] = "approval required"
            report(context, summary, lines: [
                "retry run \(run): transformed \(transform.operations) operation(s); approval required before load.",
                "review: qbsync review --run \(run); then qbsync approve --run \(run) --by NAME, qbsync load --run \(run), qbsync reconcile --run \(run)",
            ])
            return 0
        }
        let load = try await stages.load(run)
        let reconcile = try stages.reconcile(run)
        let asked = Set(refs.map(\.description))
        // The items asked for first, then what they needed.
        let outcomes = reconcile.outcomes.filter { asked.contains($0.ref) } + reconcile.outcomes.filter { !asked.contains($0.ref) }
        summary["requests"] = .int(load.sent)
        summary["items"] = .array(outcomes.map { Self.json($0, asked: asked.contains($0.ref)) })
        var lines = ["retry run \(run): \(reconcile.synced) synced, \(reconcile.failed) failed, \(reconcile.pending) pending (\(load.sent) request(s) to QuickBooks)"]
        for outcome in outcomes {
            let note = asked.contains(outcome.ref) ? "" : " (needed by the items retried)"
            lines.append("  \(outcome.ref): \(outcome.state.rawValue)\(note)\(outcome.message.map { ": \($0)" } ?? "")")
        }
        report(context, summary, lines: lines)
        return reconcile.failed == 0 && reconcile.pending == 0 ? 0 : 1
    }

    private static func json(_ outcome: ItemOutcome, asked: Bool) -> JSONValue {
        [
            "ref": .string(outcome.ref), "asked": .bool(asked), "state": .string(outcome.state.rawValue),
            "code": outcome.code.map(JSONValue.string) ?? .null, "message": outcome.message.map(JSONValue.string) ?? .null,
        ]
    }

    private func report(_ context: CommandContext, _ summary: [String: JSONValue], lines: [String]) {
        if global.json {
            context.write(JSONWriter.pretty(.object(summary)), terminator: "")
        } else {
            lines.forEach { context.write($0) }
        }
    }
}
