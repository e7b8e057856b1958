import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync status`: the Synchronize view.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what is pending, failed (with the fix), on the manual to-do list, excluded, and the last run.",
        discussion: """
            Read-only, open to everyone. Shows the OMS changes no run has taken yet, the items \
            taken but not synchronized (by kind, with the oldest), the last run (what it \
            synchronized and its totals), every failed item with its reason and the suggested \
            resolution, the manual entry to-do list and the excluded items. --json prints one \
            document (described in the README, "The operator's desk").

            Example:
              qbsync status
              qbsync status --json | jq -r '.failed[] | "\\(.ref): \\(.resolution)"'
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let (oms, problem) = context.openOMS()
            let report = try StatusReport.build(settings: context.settings, ledger: context.ledger, oms: oms, omsProblem: problem)
            if global.json {
                context.write(JSONWriter.pretty(report.json), terminator: "")
            } else {
                StatusText(report: report).lines.forEach { context.write($0) }
            }
            return 0
        }
    }
}
