import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncJSON

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

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            // A run that loads posts to QuickBooks: refuse before it takes anything from the OMS.
            if !context.settings.requireApproval {
                try context.authorize("run")
                // A missing realm or client id would stop the load after the extract took the
                // window: say so (exit code 2) before anything is done.
                _ = try LiveQuickBooks.api(settings: context.settings, logger: context.logger)
            }
            // The whole run holds the workspace: a second run, extract or retry --now meanwhile
            // is refused (exit code 3) instead of taking the same changes into the same folder.
            let lock = try WorkspaceLock.acquire(
                ledger: context.ledger, command: run.map { "qbsync run --run \($0)" } ?? "qbsync run", run: run,
                user: context.actor, logger: context.logger, takeOver: takeOverLock)
            do {
                let code = try await work(context, lock: lock)
                try lock.release()
                return code
            } catch {
                try? lock.release()
                throw error
            }
        }
    }

    private func work(_ context: CommandContext, lock: WorkspaceLock) async throws -> Int32 {
        var stages = StageRunner(context: context)
        stages.workspaceLock = lock
        let progress = StageProgress(terminal: Terminal(environment: context.environment))
        if let existing = self.run {
            let finished = try await RunFinish(context: context, stages: stages, progress: progress).finish(existing)
            report(context, finished.summary, lines: finished.lines)
            return finished.code
        }
        // A load an earlier run left unfinished (killed, or stopped) is finished first, from
        // its own journal, so that nothing of it is planned twice.
        var finishedEarlier: [String] = []
        if !context.settings.requireApproval {
            for earlier in try UnfinishedLoads.runs(settings: context.settings) {
                _ = try await stages.load(earlier)
                _ = try stages.reconcile(earlier)
                finishedEarlier.append(earlier)
            }
        }
        // Runs left between stages are not taken again by this one: named with the command
        // that finishes each (one waiting for approval is not left, it waits).
        let unfinished = try UnfinishedRun.all(settings: context.settings, ledger: context.ledger).filter { $0.stop != .approval }
        let extract = try progress.during("extract") { try stages.extract() }
        let run = extract.run.id
        let folder = RunFolder(workspace: context.settings.workspace, id: run)
        let transform = try progress.during("transform") { try stages.transform(run) }
        let review = try progress.during("review") {
            try RunReview(runID: run, settings: context.settings, ledger: context.ledger).result().review(documentLimit: 0, warningsPerCode: 0)
        }
        var summary: [String: JSONValue] = [
            "run": .string(run), "folder": .string(folder.url.path),
            "extracted": .int(extract.counts.values.reduce(0, +)), "operations": .int(transform.operations),
            "batches": .int(transform.batches), "transform_failures": .int(transform.failures.count),
            "documents": .array(review.byKind.map(\.json)), "warnings": .int(review.warningCount),
            "review": .string(folder.file(.transform, "review.html").path),
        ]
        if !finishedEarlier.isEmpty { summary["finished_earlier"] = .array(finishedEarlier.map(JSONValue.string)) }
        if !unfinished.isEmpty { summary["unfinished_runs"] = .array(unfinished.map(\.json)) }
        let unfinishedLines = unfinished.map { "unfinished: \($0.line)" }
        var lines = finishedEarlier.map { "finished the load of run \($0), which an earlier run left unfinished" }
        lines += [
            "run \(run): \(extract.counts.values.reduce(0, +)) record(s) extracted; \(transform.operations) operation(s) in \(transform.batches) batch(es); \(transform.failures.count) record(s) could not be mapped\(transform.leftOut.isEmpty ? "" : "; \(transform.leftOut.count) dated before the cutover left out")",
            "documents: \(review.headline)",
        ]
        if context.settings.requireApproval {
            summary["stopped"] = "approval required"
            lines += [
                "stopped: the pipeline requires approval before load",
                "review: \(folder.file(.transform, "review.html").path) (or 'qbsync review --run \(run)')",
                "then: qbsync approve --run \(run) --by NAME && qbsync load --run \(run) && qbsync reconcile --run \(run)",
            ]
            report(context, summary, lines: lines + unfinishedLines)
            return transform.failures.isEmpty && unfinished.isEmpty ? 0 : 1
        }
        let reconcile = try await stages.loadAndReconcile(
            run, folder: folder, batches: transform.batches, progress: progress, summary: &summary, lines: &lines)
        lines.append(
            "files: \(folder.url.path) (2-transform/review.html, 3-load/results.json, 4-reconcile/summary.json)")
        report(context, summary, lines: lines + unfinishedLines)
        return reconcile.failed == 0 && reconcile.pending == 0 && unfinished.isEmpty ? 0 : 1
    }

    private func report(_ context: CommandContext, _ summary: [String: JSONValue], lines: [String]) {
        if global.json {
            context.write(JSONWriter.pretty(.object(summary)), terminator: "")
        } else {
            lines.forEach { context.write($0) }
        }
    }
}
