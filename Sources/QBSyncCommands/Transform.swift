import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync transform --run ID`: 1-extract/ -> redacted, validated QuickBooks batches in 2-transform/.
struct Transform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Map a run's extract to QuickBooks batch payloads (2-transform/), redacted and checked.",
        discussion: """
            Replaces 2-transform/ and marks later stages stale. Records that cannot be mapped fail
            alone (exit code 1) and are listed in 2-transform/plan.json; a PHI leak stops the
            stage (exit code 3) without writing any batch. The review for the accountant is
            written beside the batches: 2-transform/review.html and review.csv.

            With --validate, maps nothing: checks batch files edited by hand (JSON syntax with
            file, line and column; bIds and operations as in plan.json; at most batch_size
            operations a batch; every @placeholder naming an object this run creates earlier or
            QuickBooks holds; amounts; the PHI leak check). A valid edit is recorded (the
            manifest's checksums, the review rewritten) and voids any approval, so the run is
            approved again; an invalid one changes nothing (exit code 2, 3 for PHI).

            Example:
              qbsync transform --run 0001-20261121T020000Z
              qbsync transform --validate --run 0001-20261121T020000Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption
    @Flag(name: .long, help: "Check hand-edited batch files instead of mapping again.")
    var validate = false

    func run() async throws {
        // No ledger copy: what an extract or transform records (the cursor, claimed names and
        // numbers) is made again by running it again, and nothing reached QuickBooks; the copy
        // after the load (or `run`) holds it all, without costing every stage a copy.
        try await guarded(copiesLedger: false) {
            let context = try CommandContext(global)
            _ = try context.runFolder(runOption.run)
            if validate { return try TransformValidation(context: context, json: global.json).run(runOption.run) }
            var transformer = Transformer(settings: context.settings, ledger: context.ledger, logger: context.logger)
            transformer.handEntered = await HandEnteredBooks.read(settings: context.settings, logger: context.logger)
            let result = try transformer.run(runID: runOption.run)
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "run": .string(result.run), "operations": .int(result.operations), "batches": .int(result.batches),
                        "failures": .array(result.failures.map { ["ref": .string($0.ref), "code": .string($0.code), "message": .string($0.message)] }),
                    ]), terminator: "")
            } else {
                context.write("transform: \(result.operations) operation(s) in \(result.batches) batch(es); \(result.failures.count) record(s) failed")
                if !result.leftOut.isEmpty {
                    context.write("transform: \(result.leftOut.count) document(s) dated before the cutover ([sync] start_date) left out")
                }
                for failure in result.failures.prefix(20) { context.write("  failed \(failure.message)") }
                if result.failures.count > 20 { context.write("  ... and \(result.failures.count - 20) more in 2-transform/plan.json") }
                let run = runOption.run
                context.write(
                    context.settings.requireApproval
                        ? "next: qbsync review --run \(run), qbsync approve --run \(run) --by NAME, then qbsync run --run \(run)"
                        : "next: 'qbsync run --run \(run)' loads and reconciles it")
            }
            return result.failures.isEmpty ? 0 : 1
        }
    }
}
