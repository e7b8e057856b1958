import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync reintegrate`: rebuilds the ledger from QuickBooks and the OMS (a workspace that lost
/// its ledger), or checks an intact one against them.
struct Reintegrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the ledger from what QuickBooks holds and the OMS, or check it against them.",
        discussion: """
            For a workspace whose ledger is lost with no copy to restore (a new computer, a \
            failed disk): every document qbsync posts carries a marker naming its OMS record \
            ('qbsync sale:283' in its private note), so the ledger's map of what QuickBooks \
            holds can be rebuilt from QuickBooks itself. Customers are recovered through their \
            documents (patients keep the pseudonym QuickBooks shows), items, classes, payment \
            methods and accounts through their names, document numbers are kept, and the \
            extract cursor moves to the end of the OMS change feed. An OMS record whose current \
            state QuickBooks does not hold (changed after the last load, or never posted) is \
            queued: the next 'qbsync run' posts it, as an update of what is there. Nothing in \
            QuickBooks is changed.

            A ledger that has posted nothing to the company is rebuilt. One that has is only \
            checked: the report lists where it and QuickBooks disagree, and the command exits 1 \
            when they do; --apply then fills in what the ledger lacks (it never replaces what it \
            has). --check-only reports without changing anything in any case. The report is in \
            <workspace>/reintegrate/<time>/report.txt (and report.json); it names references, \
            QuickBooks ids and pseudonyms, never a patient. Exit 1 too when QuickBooks holds \
            duplicated documents or marked documents nothing matches. Only the people in \
            [sync] operators may reintegrate.

            On a desktop pipeline QuickBooks is read through the Web Connector: the command \
            serves its endpoint (QBSYNC_QBWC_PASSWORD, QBSYNC_QBWC_LISTEN) until every query \
            is answered, and exits 3 'waiting for QuickBooks' after --wait seconds with \
            nothing changed. What it read is also kept as the workspace's copy of the books \
            for the cutover and the review's look-alike check.

            Examples:
              qbsync reintegrate
              qbsync reintegrate --check-only
              qbsync reintegrate --wait 600     # desktop: then Update Selected in the Web Connector
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Flag(name: .long, help: "On a ledger that has posted before, fill in what it lacks (never replacing what it has).")
    var apply = false
    @Flag(name: .long, help: "Only compare and report; change nothing in the ledger.")
    var checkOnly = false

    @Option(help: "On a desktop pipeline: how long to wait for the Web Connector to answer every query (seconds; exit code 3 after).")
    var wait = 3600

    func validate() throws {
        if apply && checkOnly { throw ValidationError("--apply and --check-only contradict each other: give one") }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            try context.authorize("reintegrate")
            let report: ReintegrationReport
            if context.settings.quickbooks.edition == .desktop {
                // QuickBooks Desktop answers when its Web Connector calls: serve it while reading.
                let command = "qbsync reintegrate" + (checkOnly ? " --check-only" : apply ? " --apply" : "")
                report = try await DesktopBooksSession(context: context, waitSeconds: wait, command: command).serve { transport in
                    let reader = BooksReadRecorder(DesktopBooksReader(transport: transport))
                    let report = try await reintegrate(context, reader: reader)
                    // Read whole: the copy the transform's cutover links and look-alike check use.
                    try reader.snapshot?.write(workspace: context.settings.workspace)
                    return report
                }
            } else {
                let api = try LiveQuickBooks.api(settings: context.settings, logger: context.logger)
                report = try await reintegrate(context, reader: OnlineBooksReader(api: api))
            }
            let reportPath = report.folder?.appendingPathComponent("report.txt").path ?? "?"
            if global.json {
                var json = report.json
                json["report"] = .string(reportPath)
                context.write(JSONWriter.pretty(json), terminator: "")
            } else {
                context.write(summary(report))
                context.write("reintegrate: the report is in \(reportPath)")
            }
            return report.needsAttention ? ExitStatus.itemsFailed.rawValue : 0
        }
    }

    /// Reads the company through `reader`, matches and writes the ledger and the report.
    private func reintegrate(_ context: CommandContext, reader: any BooksReader) async throws -> ReintegrationReport {
        let reintegrator = Reintegrator(
            settings: context.settings, ledger: context.ledger, reader: reader, logger: context.logger, actor: context.actor)
        return try await reintegrator.run(mode: try reintegrator.mode(apply: apply, checkOnly: checkOnly))
    }

    /// A few lines in words; the report has the detail.
    private func summary(_ report: ReintegrationReport) -> String {
        let matched = report.matchedByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var lines = ["reintegrate: \(report.documentsRead) QuickBooks documents read; matched \(matched.isEmpty ? "nothing" : matched)"]
        switch report.mode {
        case .rebuild:
            lines.append(
                "reintegrate: the ledger is rebuilt (cursor \(report.cursor ?? 0)); \(report.queued.count) OMS record(s) QuickBooks does not hold as they are now are queued: the next 'qbsync run' posts them")
        case .apply:
            lines.append(
                "reintegrate: what the ledger lacked is filled in; \(report.queued.count) OMS record(s) queued for the next run; \(report.ledgerDifferences.count) disagreement(s) left as they are (see the report)")
        case .check:
            let differences = report.ledgerDifferences.count + report.queued.count
            lines.append(
                differences == 0
                    ? "reintegrate: the ledger and QuickBooks agree; nothing was changed"
                    : "reintegrate: \(differences) difference(s) between the ledger, QuickBooks and the OMS; nothing was changed ('qbsync reintegrate --apply' fills in what the ledger lacks)")
        }
        if !report.map.duplicates.isEmpty {
            lines.append("reintegrate: \(report.map.duplicates.count) document(s) look duplicated in QuickBooks: the report lists them; void or delete the extra ones there by hand")
        }
        if !report.map.unmatched.isEmpty {
            lines.append("reintegrate: \(report.map.unmatched.count) QuickBooks record(s) with a qbsync marker could not be matched (see the report)")
        }
        return lines.joined(separator: "\n")
    }
}
