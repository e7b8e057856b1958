import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync legacy list [--phi]`: every old skipped transaction, classified.
struct LegacyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the old skipped transactions: retryable or for support, and what was decided.",
        discussion: """
            The old integration's messages quote patients' names: they show as <redacted> unless \
            --phi. Read-only, open to everyone.

            Example:
              qbsync legacy list --json | jq '.rows[] | select(.classification == "retryable") | .name'
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Show the old integration's messages (they hold PHI) instead of <redacted>.")
    var phi = false

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let oms = try OMSDatabase(settings: context.settings)
            let review = try LegacyReview.build(oms: oms, ledger: context.ledger)
            let retryable = review.entries.filter { $0.classification == .retryable }.count
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "rows": .array(review.entries.map { $0.json(phi: phi) }), "retryable": .int(retryable),
                        "support": .int(review.entries.count - retryable), "phi": .bool(phi),
                    ]), terminator: "")
                return 0
            }
            context.write("old skipped transactions: \(review.entries.count) (\(retryable) retryable, \(review.entries.count - retryable) for support)")
            for entry in review.entries {
                let target = entry.row.entityID.map { "\(entry.row.entity):\($0)" } ?? "\(entry.row.entity):(none)"
                var line = "  \(entry.name)  \(target)  skipped \(entry.row.skippedAt)  \(entry.classification.rawValue): \(entry.why)"
                line += "  [\(entry.status.rawValue)\(entry.decision.map { " by \($0.actor), \($0.at)" } ?? "")]"
                context.write(line)
                let message = entry.row.message.map { phi ? $0 : Redacted.marker } ?? "(none)"
                context.write("      old message: \(message)")
            }
            if !phi, review.entries.contains(where: { $0.row.message != nil }) {
                context.write("(messages hold PHI: --phi shows them)")
            }
            return 0
        }
    }
}
