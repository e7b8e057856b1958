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
            stage (exit code 3) without writing any batch.

            Example:
              qbsync transform --run 0001-20261121T020000Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            _ = try context.runFolder(runOption.run)
            let result = try Transformer(settings: context.settings, ledger: context.ledger, logger: context.logger)
                .run(runID: runOption.run)
            let plan = result.plan
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "run": .string(plan.run), "operations": .int(result.operations), "batches": .int(plan.batches.count),
                        "failures": .array(plan.failures.map { ["ref": .string($0.ref), "code": .string($0.code), "message": .string($0.message)] }),
                    ]), terminator: "")
            } else {
                context.write("transform: \(result.operations) operation(s) in \(plan.batches.count) batch(es); \(plan.failures.count) record(s) failed")
                for failure in plan.failures.prefix(20) { context.write("  failed \(failure.message)") }
                if plan.failures.count > 20 { context.write("  ... and \(plan.failures.count - 20) more in 2-transform/plan.json") }
            }
            return plan.failures.isEmpty ? 0 : 1
        }
    }
}
