import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync status`: the Synchronize view.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what is pending, failed (with the fix), on the manual to-do list, excluded, and the last run.",
        discussion: """
            Example:
              qbsync status
              qbsync status --json | jq '.failed[].ref'
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let ledger = context.ledger
            let counts = try ledger.stateCounts()
            let last = try ledger.latestRun()
            let failed = try ledger.items(in: .failed)
            let manual = try ledger.items(in: .manual)
            let excluded = try ledger.items(in: .excluded)
            let pending = try ledger.items(in: .pending) + ledger.items(in: .queued)
            if global.json {
                func list(_ items: [ItemRecord]) -> JSONValue {
                    .array(
                        items.map { item in
                            [
                                "ref": .string(item.ref), "state": .string(item.state.rawValue), "run": item.runID.map(JSONValue.string) ?? .null,
                                "code": item.code.map(JSONValue.string) ?? .null, "message": item.message.map(JSONValue.string) ?? .null,
                                "updated_at": .string(item.updatedAt),
                            ]
                        })
                }
                var countsJSON: [String: JSONValue] = [:]
                for state in ItemState.allCases { countsJSON[state.rawValue] = .int(counts[state] ?? 0) }
                context.write(
                    JSONWriter.pretty([
                        "pipeline": .string(context.settings.name), "counts": .object(countsJSON),
                        "last_run": last.map { ["id": .string($0.id), "created_at": .string($0.createdAt), "cursor_to": .int($0.cursorTo)] } ?? .null,
                        "pending": list(pending), "failed": list(failed), "manual": list(manual), "excluded": list(excluded),
                    ]), terminator: "")
                return 0
            }
            context.write("pipeline \(context.settings.name): " + ItemState.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
            if let last { context.write("last run: \(last.id) (changes up to \(last.cursorTo))") } else { context.write("no run yet") }
            if !pending.isEmpty {
                let oldest = pending.min { $0.updatedAt < $1.updatedAt }!
                context.write("pending: \(pending.count) (oldest \(oldest.ref) since \(oldest.updatedAt))")
            }
            if !failed.isEmpty { context.write("failed:") }
            for item in failed { context.write("  \(item.message ?? item.ref)") }
            if !manual.isEmpty { context.write("manual entry to-do:") }
            for item in manual { context.write("  [ ] \(item.ref)\(item.message.map { ": \($0)" } ?? "")") }
            if !excluded.isEmpty { context.write("excluded:") }
            for item in excluded { context.write("  \(item.ref)\(item.message.map { ": \($0)" } ?? "")") }
            return 0
        }
    }
}
