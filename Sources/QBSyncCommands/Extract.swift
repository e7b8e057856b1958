import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync extract`: starts a new run from the OMS changes since the cursor.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new run: OMS changes since the last run -> 1-extract/.",
        discussion: """
            Prints the run id as its last line. With --run, extracts that run's window again
            (replacing 1-extract/ and marking later stages stale). One extract or run at a time
            per workspace: another meanwhile is refused with exit code 3, naming the holder.

            Example:
              RUN=$(qbsync extract --pipeline pipelines/default.toml | tail -1)
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("Extract an existing run's window again.", valueName: "id"))
    var run: String?
    @Flag(
        name: .customLong("take-over-lock"),
        help: "Take the workspace lock from its holder (only when sure that extract or run is no longer going).")
    var takeOverLock = false

    func run() async throws {
        // No ledger copy: what an extract or transform records (the cursor, claimed names and
        // numbers) is made again by running it again, and nothing reached QuickBooks; the copy
        // after the load (or `run`) holds it all, without costing every stage a copy.
        try await guarded(copiesLedger: false) {
            let context = try CommandContext(global)
            let result = try context.pipeline().extract(
                existingRun: run, command: run.map { "qbsync extract --run \($0)" } ?? "qbsync extract", takeOverLock: takeOverLock)
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "run": .string(result.run.id), "cursor_from": .int(result.run.cursorFrom), "cursor_to": .int(result.run.cursorTo),
                        "records": .object(result.counts.mapValues { .int($0) }), "patients_left_out": .int(result.patientsLeftOut),
                    ]), terminator: "")
            } else {
                let counts = result.counts.keys.sorted().map { "\($0) \(result.counts[$0]!)" }.joined(separator: ", ")
                context.write("extract: changes \(result.run.cursorFrom + 1)...\(result.run.cursorTo): \(counts.isEmpty ? "nothing new" : counts)")
                if result.patientsLeftOut > 0 {
                    context.write("extract: \(result.patientsLeftOut) changed patient file(s) left out ([sync] all_patient_files is off and no transaction needs them)")
                }
                context.write(result.run.id)
            }
            return 0
        }
    }
}
