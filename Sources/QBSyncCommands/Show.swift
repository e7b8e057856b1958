import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync show ITEM [--phi]`: everything about one item.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One item: its OMS record, what was sent, QuickBooks's answer and ids, its whole history.",
        discussion: """
            The OMS record is shown with its PHI columns replaced by <redacted> (a patient by the \
            pseudonym QuickBooks knows); --phi shows them, and the patient's name. What was sent \
            is read from the run folders (the exact request bodies and answers, with intuit_tid \
            for Intuit support). Read-only, open to everyone. --json prints one document \
            (described in the README, "The operator's desk").

            Example:
              qbsync show sale:1042
              qbsync show patient:88 --phi
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The OMS reference, ENTITY:ID (for example sale:1042).", valueName: "item"))
    var item: String
    @Flag(name: .long, help: "Show the record's PHI (names, contact details, notes) instead of <redacted>.")
    var phi = false

    func validate() throws {
        do {
            _ = try OMSRef(parsing: item)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let ref = try OMSRef(parsing: item)
            let (oms, problem) = context.openOMS()
            let report = try ItemReport.build(
                ref: ref, phi: phi, settings: context.settings, ledger: context.ledger, oms: oms, omsProblem: problem)
            guard report.isKnown else {
                throw ValidationError("\(ref) is neither in the ledger nor in the OMS\(problem.map { " (\($0))" } ?? ""): check the reference.")
            }
            if phi { context.environment.writeError("qbsync: showing PHI for \(ref): keep this output inside the clinic.") }
            if global.json {
                context.write(JSONWriter.pretty(report.json), terminator: "")
            } else {
                ShowText(report: report).lines.forEach { context.write($0) }
            }
            return 0
        }
    }
}
