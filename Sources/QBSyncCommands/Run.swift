import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync run`: the nightly: every stage in order for a new run.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly: extract, transform, then load and reconcile (unless approval is required).",
        discussion: """
            When the pipeline sets [sync] require_approval = true, it stops after transform and
            says where the review is; 'qbsync approve' then 'qbsync load' and 'qbsync reconcile'
            finish the run. Exit codes: 0 all synced, 1 some items failed, 2 configuration, 3 blocked
            (including an acting person, --by or $USER, not in the pipeline's [sync] operators).

            Example:
              qbsync run --pipeline pipelines/default.toml
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            // A run that loads posts to QuickBooks: refuse before it takes anything from the OMS.
            if !context.settings.requireApproval { try context.authorize("run") }
            let stages = StageRunner(context: context)
            let extract = try stages.extract()
            let run = extract.run.id
            let folder = RunFolder(workspace: context.settings.workspace, id: run)
            var summary: [String: JSONValue] = ["run": .string(run), "folder": .string(folder.url.path)]
            summary["extracted"] = .int(extract.counts.values.reduce(0, +))
            let transform = try stages.transform(run)
            summary["operations"] = .int(transform.operations)
            summary["transform_failures"] = .int(transform.plan.failures.count)
            if context.settings.requireApproval {
                summary["stopped"] = "approval required"
                report(context, summary, lines: [
                    "run \(run): transformed \(transform.operations) operation(s); approval required before load.",
                    "review: qbsync review --run \(run); then qbsync approve --run \(run) --by NAME",
                ])
                return transform.plan.failures.isEmpty ? 0 : 1
            }
            let load = try await stages.load(run)
            summary["requests"] = .int(load.sent)
            let reconcile = try stages.reconcile(run)
            summary["synced"] = .int(reconcile.synced)
            summary["failed"] = .int(reconcile.failed)
            summary["pending"] = .int(reconcile.pending)
            var lines = [
                "run \(run): \(reconcile.synced) synced, \(reconcile.failed) failed, \(reconcile.pending) pending (\(load.sent) request(s) to QuickBooks)",
                "files: \(folder.url.path)",
            ]
            let failures = reconcile.outcomes.filter { $0.state == .failed }
            for outcome in failures.prefix(10) { lines.append("  failed \(outcome.message ?? outcome.ref)") }
            if failures.count > 10 { lines.append("  ... and \(failures.count - 10) more: 'qbsync status' lists them all") }
            report(context, summary, lines: lines)
            return reconcile.failed == 0 && reconcile.pending == 0 ? 0 : 1
        }
    }

    private func report(_ context: CommandContext, _ summary: [String: JSONValue], lines: [String]) {
        if global.json {
            context.write(JSONWriter.pretty(.object(summary)), terminator: "")
        } else {
            lines.forEach { context.write($0) }
        }
    }
}
