import Foundation
import Logging
import QBSyncCore

/// Brings the workspace's copy of the QuickBooks Desktop books (`DesktopBooksSnapshot`) up to
/// date in a Web Connector session, once the session's writes are done: the documents and
/// customers QuickBooks changed since the last read, for the transform's hand-entered links and
/// look-alike check, which cannot wait for the Web Connector. Only a pipeline that uses them (a
/// cutover, `[review] check_books`) reads them. A read that does not come back is left for the
/// next session: it never fails or holds up a load.
struct DesktopBooksRefresh: Sendable {
    let workspace: URL
    let logger: Logger
    /// Whether the pipeline reads the copy at all.
    let wanted: Bool
    /// How long a load's session may wait for the read's answers after its writes.
    var patience: Duration = .seconds(120)

    init(context: CommandContext) {
        workspace = context.settings.workspace
        logger = context.logger
        wanted = context.settings.startDate != nil || context.settings.checkBooks
    }

    /// After the writes of `work`, while the Web Connector is still in the session (it answered
    /// something of this work): reads, then the caller ends the work.
    func after(_ work: DesktopLoadWork) async {
        guard wanted, work.progress().answered > 0 else { return }
        let seconds = patience
        let timer = Task {
            try await Task.sleep(for: seconds)
            work.expire(reason: "the Web Connector did not answer the read of the books in time; the next session reads them")
        }
        defer { timer.cancel() }
        _ = await read(through: work)
    }

    /// Reads through `transport` and keeps the copy; false (logged, never thrown) when it could not.
    func read(through transport: any DesktopTransport) async -> Bool {
        do {
            let snapshot = try await DesktopBooksSnapshot.refresh(transport: transport, workspace: workspace)
            logger.info(
                "QuickBooks Desktop's books read", metadata: ["documents": "\(snapshot.documents.count)", "customers": "\(snapshot.customers.count)"])
            return true
        } catch {
            logger.warning("QuickBooks Desktop's books were not read in this session; the next one reads them", metadata: ["reason": "\(error)"])
            return false
        }
    }
}
