import ArgumentParser
import Foundation
import QBSyncCore

/// `qbsync sample`: writes a realistic OMS database (the source contract) for trials and tests.
struct Sample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a sample OMS database full of realistic hearing-clinic data.",
        discussion: """
            The same options give the same database, byte for byte. --changes sizes the clinic so \
            that change_log ends with about that many rows (the summary says how). --append-days \
            adds activity after the last day already in an existing sample database.

            Example:
              qbsync sample --out samples/demo-oms.sqlite --patients 40 --days 30 --seed 7
              qbsync sample --out samples/demo-oms.sqlite --append-days 7 --seed 8
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The database file to write (or extend).", valueName: "file"))
    var out: String

    @Option(name: .long, help: "Patients on file by the end (default: 200).")
    var patients: Int?

    @Option(name: .long, help: "Days of activity, ending with --end-date (default: 90).")
    var days: Int?

    @Option(name: .long, help: "The seed of the random choices.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("The last day of activity (default: 2026-11-01).", valueName: "YYYY-MM-DD"))
    var endDate: String?

    @Option(name: .long, help: "Size the clinic for about this many change_log rows (instead of --patients).")
    var changes: Int?

    @Flag(name: .long, help: "Add a few rows the schema allows but the books cannot take.")
    var broken = false

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Add this many days of activity to an existing sample database.", valueName: "n"))
    var appendDays: Int?

    func run() async throws {
        let environment = CommandEnvironment.current
        let url = URL(fileURLWithPath: out)
        let summary: SampleSummary
        do {
            if let appendDays {
                let ignored = [("--patients", patients != nil), ("--days", days != nil), ("--end-date", endDate != nil),
                               ("--changes", changes != nil), ("--broken", broken), ("--force", force)]
                if let flag = ignored.first(where: \.1)?.0 {
                    throw usage("\(flag) cannot be combined with --append-days: appending continues the database as it is.")
                }
                summary = try SampleGenerator.appendActivity(to: url, days: appendDays, seed: seed)
            } else {
                if changes != nil && patients != nil {
                    throw usage("--changes and --patients cannot be combined: --changes chooses the number of patients.")
                }
                let defaults = SampleOptions()
                let options = SampleOptions(
                    patients: patients ?? defaults.patients, days: days ?? defaults.days, seed: seed,
                    endDate: endDate ?? defaults.endDate, changes: changes, broken: broken, replaceExisting: force)
                summary = try SampleGenerator.write(to: url, options: options)
            }
        } catch let error as SampleError where error.isUsageError {
            var message = error.localizedDescription
            if case .fileExists = error {
                message += " Pass --force to replace it, or --append-days N to add activity to it."
            }
            throw usage(message)
        }
        if global.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            environment.write(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            for line in Self.describe(summary, as: out) { environment.write(line) }
        }
    }

    /// Reports a usage problem on standard error and ends with exit code 2 (nothing was done).
    private func usage(_ message: String) -> ExitCode {
        CommandEnvironment.current.writeError("Error: \(message)")
        return ExitCode(2)
    }

    /// The human summary: what was written, the row count of every table, the broken rows.
    static func describe(_ summary: SampleSummary, as name: String) -> [String] {
        var lines = ["Wrote \(name): activity from \(summary.firstDate) to \(summary.lastDate), seed \(summary.seed)."]
        if let sizing = summary.sizing { lines.append("Sized for " + sizing + ".") }
        let width = summary.tables.map(\.table.count).max() ?? 0
        for count in summary.tables {
            let padding = String(repeating: " ", count: width - count.table.count)
            lines.append("  \(count.table)\(padding)  \(count.rows)")
        }
        if let first = summary.firstSeq, let last = summary.lastSeq {
            lines.append("change_log rows added: \(summary.changeLogRowsAdded) (seq \(first) to \(last)).")
        }
        if !summary.broken.isEmpty {
            lines.append("Broken on purpose (the books cannot take these):")
            for row in summary.broken { lines.append("  \(row.ref): \(row.reason)") }
        }
        return lines
    }
}
