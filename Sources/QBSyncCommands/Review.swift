import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync review --run ID`: what the load would post, for an accountant.
struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a run's load would post: every document, totals, and warnings worth a look.",
        discussion: """
            Reads the batch files as they are on disk (hand edits included). Totals by document
            kind, account, class (location), day and customer; warnings for zero or negative
            totals, unusually large amounts, dates in a closed period or far from the run,
            payments larger than what they pay, possible duplicates (in this run, or already in
            QuickBooks), numbers and names qbsync had to change, and edits not yet validated.
            The transform also writes 2-transform/review.html and review.csv.

            Formats: text (a table, the default), csv (one row per document, for a
            spreadsheet), html (one self-contained page), json.

            Example:
              qbsync review --run 0001-20261121T020000Z
              qbsync review --run 0001-20261121T020000Z --format html > review.html
            """)

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, html, json
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption
    @Option(name: .long, help: ArgumentHelp("text, csv, html or json.", valueName: "format"))
    var format: Format = .text

    func validate() throws {
        if global.json, format != .text, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats: give one.")
        }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            _ = try context.runFolder(runOption.run)
            var review = try RunReview(runID: runOption.run, settings: context.settings, ledger: context.ledger).review()
            review.approval = try Approvals(settings: context.settings, ledger: context.ledger).status(runID: runOption.run)
            switch global.json ? .json : format {
            case .text:
                let terminal = Terminal(environment: context.environment)
                context.write(ReviewText.render(review, color: terminal.colorOnStdout), terminator: "")
            case .csv: context.write(ReviewCSV.render(review), terminator: "")
            case .html: context.write(ReviewHTML.render(review), terminator: "")
            case .json: context.write(JSONWriter.pretty(review.json), terminator: "")
            }
            return 0
        }
    }
}
