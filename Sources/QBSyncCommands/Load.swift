import ArgumentParser
import QBSyncCore
import QBSyncJSON

/// `qbsync load --run ID`: posts a run's batches to QuickBooks, exactly once, resumably.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post a run's batches to QuickBooks (3-load/): resumable, never posts twice.",
        discussion: """
            Waves go in order (classes, customers and items, invoices, payments, deactivations); \
            answers are matched by bId and recorded in the ledger at once. Killed at any point, \
            run it again: what is already in QuickBooks is found and not sent twice. \
            Before writing anything it checks the connection, the mapped accounts and the \
            books' closing date. One load at a time per company: exit code 3 when another \
            holds the lock (it is named), when QuickBooks needs a login ('qbsync connect'), \
            or when the acting person (--by, else $USER) is not in the pipeline's [sync] operators. \
            A workspace's first load into a company that already holds documents qbsync posted \
            (a lost ledger) is refused with exit code 3 until the ledger is restored \
            ('qbsync restore FILE') or an operator states the company is new (--company-is-new). \
            On a desktop pipeline it serves the Web Connector until every message set is \
            answered, or, while a 'qbsync webconnector' serves the workspace, hands the run to it \
            and waits; exit code 3 when --wait passes first (nothing is lost).

            Example:
              qbsync load --run 0001-20261121T020000Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runOption: RunOption
    @OptionGroup var actorOption: ActorOption

    @Flag(
        name: .customLong("take-over-lock"),
        help: "Take the load lock from its holder (only when sure that load is no longer running).")
    var takeOverLock = false

    @Flag(
        name: .customLong("company-is-new"),
        help: "State that the QuickBooks company holds no documents this clinic's qbsync posted (recorded with who and when).")
    var companyIsNew = false

    @Option(help: "On a desktop pipeline: how long to wait for the Web Connector to take every message set (seconds; exit code 3 after).")
    var wait = 3600

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global, actor: actorOption.by)
            _ = try context.runFolder(runOption.run)
            if companyIsNew {
                try context.authorize("load")
                try context.ledger.stateCompanyNew(context.settings.quickbooks.realm ?? "", by: context.actor)
            }
            let result = try await figures(context)
            if global.json {
                context.write(
                    JSONWriter.pretty([
                        "run": .string(runOption.run), "requests": .int(result.requests), "operations": .int(result.operations),
                        "failed": .int(result.failed),
                    ]), terminator: "")
            } else {
                context.write("load: \(result.requests) request(s), \(result.operations) operation(s), \(result.failed) failed")
            }
            return result.failed == 0 ? 0 : 1
        }
    }

    /// Loads the run: through QuickBooks Online, or on a desktop pipeline by serving the Web
    /// Connector, or by handing the run to the `qbsync webconnector` that serves the workspace.
    private func figures(_ context: CommandContext) async throws -> LoadFigures {
        guard context.settings.quickbooks.edition == .desktop else {
            return LoadFigures(try await context.pipeline().load(runOption.run, takeOverLock: takeOverLock))
        }
        if let server = try WebConnectorServingLock.holder(in: context.ledger) {
            return try await DesktopHandover(context: context, run: runOption.run, waitSeconds: wait, server: server).load(takeOverLock: takeOverLock)
        }
        return LoadFigures(try await DesktopLoadSession(context: context, run: runOption.run, waitSeconds: wait).load(takeOverLock: takeOverLock))
    }
}
