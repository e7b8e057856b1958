import Foundation
import QBSyncCore
import QBSyncWebConnector

/// `qbsync webconnector`'s work on a desktop pipeline: the workspace's approved runs loaded one
/// after another, oldest first, each through its own `DesktopLoadWork`. Between loads there is
/// nothing to hand out, and an update is answered `none`. While it serves, the workspace is
/// marked as served (`WebConnectorServingLock`), so a desktop `qbsync load` hands its run here.
public final class DesktopStandingWork: WebConnectorWork, @unchecked Sendable {
    private let lock = NSLock()
    private var current: DesktopLoadWork?
    private var stopped = false
    /// How old the copy of the books may be before an idle update reads them again (seconds).
    let booksAge: TimeInterval
    private var serving: WebConnectorServingLock?

    /// `booksAge`: how old the workspace's copy of the books may grow before an update with no
    /// run to load reads them again.
    public init(booksAge: TimeInterval = 15 * 60) {
        self.booksAge = booksAge
    }

    /// Serves the loads of the desktop pipeline at `pipeline` (nil: `$QBSYNC_PIPELINE`, else
    /// the default) until `stop` or cancellation.
    public func serve(pipeline: String?, every interval: Duration = .seconds(5)) async throws {
        let global = try GlobalOptions.parse(pipeline.map { ["--pipeline", $0] } ?? [])
        try await serve(try CommandContext(global, actor: nil), every: interval)
    }

    /// Marks `context`'s workspace as served by this process, before the endpoint listens;
    /// throws `WebConnectorServingError` (exit code 3) when a live `qbsync webconnector` serves it.
    func claim(_ context: CommandContext) throws {
        let mark = try WebConnectorServingLock.acquire(ledger: context.ledger, user: context.actor, logger: context.logger)
        lock.withLock { serving = mark }
    }

    /// Ends the serving: the load in hand stops where it is (a set out is settled by the next load).
    public func stop() {
        let work = lock.withLock { () -> DesktopLoadWork? in
            stopped = true
            return current
        }
        work?.expire(reason: "qbsync webconnector was stopped")
    }

    private var work: DesktopLoadWork? { lock.withLock { current } }

    /// Serves the loads of `context`'s workspace until the task is cancelled, looking for a
    /// run to load every `interval` (claiming the workspace first if `claim` was not called).
    func serve(_ context: CommandContext, every interval: Duration = .seconds(5)) async throws {
        if lock.withLock({ serving == nil }) { try claim(context) }
        defer {
            let mark = lock.withLock { () -> WebConnectorServingLock? in
                defer { serving = nil }
                return serving
            }
            try? mark?.release()
        }
        while !Task.isCancelled, !lock.withLock({ stopped }) {
            for run in Self.loadableRuns(context) where !Task.isCancelled && !lock.withLock({ stopped }) {
                let answers = context.settings.workspace.appendingPathComponent("runs/\(run)/3-load/answers")
                let work = DesktopLoadWork { id, answer in
                    try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
                    try FileStore.writeAtomically(Array(answer.utf8), to: answers.appendingPathComponent("\(id).qbxml"))
                }
                lock.withLock { current = work }
                var pipeline = context.pipeline()
                pipeline.desktopTransport = work
                do {
                    let result = try await pipeline.load(run)
                    context.environment.writeError("run \(run): loaded, \(result.sent) message set(s), \(result.failed) failed")
                } catch {
                    context.environment.writeError("run \(run): \(CommandFailure(error).message)")
                }
                await DesktopBooksRefresh(context: context).after(work)
                work.finish()
                lock.withLock { current = nil }
            }
            await readBooks(context, every: interval)
            try? await Task.sleep(for: interval)
        }
    }

    /// With no run to load: when the pipeline reads the books and its copy is older than
    /// `booksAge`, offers the next Web Connector update a read of them. A run that becomes
    /// loadable before the Web Connector calls goes first: the offer is withdrawn.
    private func readBooks(_ context: CommandContext, every interval: Duration) async {
        let refresh = DesktopBooksRefresh(context: context)
        guard refresh.wanted, Self.loadableRuns(context).isEmpty else { return }
        let kept = DesktopBooksSnapshot.load(workspace: context.settings.workspace).flatMap { try? Date($0.readAt, strategy: .iso8601) }
        guard kept.map({ Date().timeIntervalSince($0) > booksAge }) ?? true else { return }
        let work = DesktopLoadWork()
        lock.withLock { current = work }
        defer {
            work.finish()
            lock.withLock { current = nil }
        }
        let reading = Task { await refresh.read(through: work) }
        while !Task.isCancelled, !lock.withLock({ stopped }) {
            let done = await withTaskGroup(of: Bool.self) { group in
                group.addTask { _ = await reading.value; return true }
                group.addTask { try? await Task.sleep(for: interval); return false }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if done { return }
            if work.progress().answered == 0, !Self.loadableRuns(context).isEmpty { break }
        }
        work.expire(reason: "a run is waiting to be loaded first; the books are read after it")
        _ = await reading.value
    }

    /// Runs whose transform is done and whose load is not (never started, stopped or killed),
    /// and that may be loaded now (approved where approval is required), oldest first.
    static func loadableRuns(_ context: CommandContext) -> [String] {
        let settings = context.settings
        let names = (try? FileManager.default.contentsOfDirectory(atPath: settings.workspace.appendingPathComponent("runs").path)) ?? []
        return names.sorted().filter { name in
            let folder = RunFolder(workspace: settings.workspace, id: name)
            guard let stages = try? folder.manifest(pipeline: settings.name).stages, stages[.transform]?.status == .done,
                stages[.load]?.status != .done
            else { return false }
            return (try? Approvals(settings: settings, ledger: context.ledger).checkBeforeLoad(runID: name)) != nil
        }
    }

    public func hasWork() -> Bool { work?.hasWork() ?? false }

    public func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext { work?.nextRequest(for: session) ?? .done }

    public func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance {
        work?.takeAnswer(response, to: request)
            ?? .stop(reason: "qbsync was not waiting for an answer to message set \(request.id); the next update goes on")
    }

    public func takeFailure(hresult: String, message: String, to request: WebConnectorRequest) {
        work?.takeFailure(hresult: hresult, message: message, to: request)
    }

    public func reportLostAnswer(to request: WebConnectorRequest) { work?.reportLostAnswer(to: request) }

    public func quickBooksUnavailable(hresult: String, message: String) { work?.quickBooksUnavailable(hresult: hresult, message: message) }

    public func progress() -> WebConnectorProgress { work?.progress() ?? WebConnectorProgress(total: 0, answered: 0) }

    /// Between loads nothing is coming soon: no wait.
    public func waitForNext(timeout: Duration) -> Bool { work?.waitForNext(timeout: timeout) ?? false }
}
