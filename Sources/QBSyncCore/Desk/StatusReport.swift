import Foundation
import QBSyncJSON

/// `qbsync status`: what is waiting, what the last run did, what failed (with the fix), the
/// manual entry to-do list and the excluded items, from the ledger, the last run's folder and
/// (when it can be read) the OMS change feed.
public struct StatusReport: Sendable {
    /// One item on a list, with who last decided about it and, when failed, the advice.
    public struct Entry: Sendable {
        public var item: ItemRecord
        public var last: HistoryEntry?
        public var advice: FailureAdvice?
    }

    /// Items of one kind not yet synchronized: taken into a run and not finished, or queued.
    public struct PendingKind: Sendable, Equatable {
        public var entity: String
        public var pending: Int
        public var queued: Int
        /// The item waiting longest, and since when.
        public var oldestRef: String
        public var oldestSince: String
    }

    /// The newest run: its stages and, once reconciled, what it synchronized and its totals.
    public struct LastRun: Sendable {
        public var run: RunRecord
        public var stages: [Stage: String]
        /// `4-reconcile/summary.json`, when the run was reconciled.
        public var summary: JSONValue?
        /// The items it synchronized, by ref (from `4-reconcile/outcomes.json`).
        public var synchronized: [String]
        public var folder: String
    }

    public var pipeline: String
    public var operators: [String]
    public var counts: [ItemState: Int]
    /// The change-feed cursor: OMS changes above it have not been taken into any run.
    public var cursor: Int
    /// OMS changes no run has taken yet, by kind; nil with `omsProblem` when the OMS cannot be read.
    public var waiting: [OMSBacklog]?
    public var omsProblem: String?
    public var pending: [PendingKind]
    public var pendingItems: [Entry]
    public var lastRun: LastRun?
    /// Runs with items waiting that stopped between stages, each with the command that finishes it.
    public var unfinishedRuns: [UnfinishedRun] = []
    /// Who holds the workspace (a run or extract at work), if anyone.
    public var inProgress: LockHolder?
    public var failed: [Entry]
    public var manual: [Entry]
    public var excluded: [Entry]
    /// Old skipped transactions nobody has decided about yet; nil when the OMS cannot be read.
    public var legacyOpen: Int?
    /// The ledger's copies: where they go, how many there are, the newest.
    public var ledgerCopies = LedgerCopies(directory: "", count: 0, newest: nil, automatic: true)

    /// The ledger's copies in `[ledger] backup_dir`.
    public struct LedgerCopies: Sendable, Equatable {
        public var directory: String
        public var count: Int
        public var newest: LedgerBackups.Copy?
        public var automatic: Bool
    }

    /// Gathers the status; `oms` is nil (with `omsProblem` saying why) when it cannot be opened.
    public static func build(settings: PipelineSettings, ledger: Ledger, oms: OMSDatabase?, omsProblem: String? = nil) throws -> StatusReport {
        let pendingRecords = try ledger.items(in: .pending) + ledger.items(in: .queued)
        let failed = try ledger.items(in: .failed)
        let manual = try ledger.items(in: .manual)
        let excluded = try ledger.items(in: .excluded)
        let all = pendingRecords + failed + manual + excluded
        let last = try ledger.lastHistory(of: all.map(\.ref))
        func entries(_ items: [ItemRecord], advice: Bool = false) -> [Entry] {
            items.sorted { $0.ref.omsOrder < $1.ref.omsOrder }.map {
                Entry(item: $0, last: last[$0.ref], advice: advice ? ErrorCatalogue.advice(for: $0, edition: settings.quickbooks.edition) : nil)
            }
        }
        let cursor = try ledger.cursor()
        var waiting: [OMSBacklog]?
        var legacyOpen: Int?
        var problem = omsProblem
        if let oms {
            do {
                waiting = try oms.backlog(after: cursor)
                legacyOpen = try LegacyReview.build(oms: oms, ledger: ledger).entries.filter { $0.status == .open }.count
            } catch {
                problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        let backups = LedgerBackups(settings: settings)
        var report = StatusReport(
            pipeline: settings.name, operators: settings.operators, counts: try ledger.stateCounts(), cursor: cursor,
            waiting: waiting, omsProblem: problem, pending: pendingKinds(pendingRecords), pendingItems: entries(pendingRecords),
            lastRun: try lastRun(settings: settings, ledger: ledger), failed: entries(failed, advice: true), manual: entries(manual),
            excluded: entries(excluded), legacyOpen: legacyOpen)
        report.unfinishedRuns = try UnfinishedRun.all(settings: settings, ledger: ledger)
        report.inProgress = try WorkspaceLock.holder(in: ledger)
        let copies = backups.copies()
        report.ledgerCopies = LedgerCopies(
            directory: backups.directory.path, count: copies.count, newest: copies.last, automatic: backups.automatic)
        return report
    }

    static func pendingKinds(_ items: [ItemRecord]) -> [PendingKind] {
        Dictionary(grouping: items) { $0.ref.split(separator: ":").first.map(String.init) ?? $0.ref }
            .map { entity, members in
                let oldest = members.min { ($0.updatedAt, $0.ref.omsOrder) < ($1.updatedAt, $1.ref.omsOrder) }!
                return PendingKind(
                    entity: entity, pending: members.filter { $0.state == .pending }.count,
                    queued: members.filter { $0.state == .queued }.count, oldestRef: oldest.ref, oldestSince: oldest.updatedAt)
            }
            .sorted { $0.entity < $1.entity }
    }

    static func lastRun(settings: PipelineSettings, ledger: Ledger) throws -> LastRun? {
        guard let run = try ledger.latestRun() else { return nil }
        let folder = RunFolder(workspace: settings.workspace, id: run.id)
        let manifest = try? folder.manifest(pipeline: settings.name)
        var stages: [Stage: String] = [:]
        for (stage, entry) in manifest?.stages ?? [:] { stages[stage] = entry.status.rawValue }
        let summary = try? FileStore.readJSON(folder.file(.reconcile, "summary.json"))
        let outcomes = (try? FileStore.readJSON(folder.file(.reconcile, "outcomes.json")))?["outcomes"]?.arrayValue ?? []
        let synchronized = outcomes.filter { $0["state"]?.stringValue == ItemState.synced.rawValue }.compactMap { $0["ref"]?.stringValue }
        return LastRun(run: run, stages: stages, summary: summary, synchronized: synchronized, folder: folder.url.path)
    }
}

extension String {
    /// `sale:9` before `sale:10`: entity, then the id as a number.
    var omsOrder: OMSOrderKey {
        let parts = split(separator: ":", maxSplits: 1)
        return OMSOrderKey(entity: parts.first.map(String.init) ?? self, id: parts.count > 1 ? Int(parts[1]) ?? 0 : 0, text: self)
    }
}

/// Orders OMS references by entity, then numerically by id.
struct OMSOrderKey: Comparable {
    var entity: String
    var id: Int
    var text: String

    static func < (lhs: OMSOrderKey, rhs: OMSOrderKey) -> Bool { (lhs.entity, lhs.id, lhs.text) < (rhs.entity, rhs.id, rhs.text) }
}
