import Foundation
import Logging

/// `qbsync reintegrate`: rebuilds the ledger's map of what QuickBooks holds from QuickBooks and
/// the OMS, for a workspace that lost its ledger, or checks one that did not. It reads QuickBooks
/// only (nothing there changes), holds the company's load lock meanwhile (a load would be
/// writing the same map), and writes a report of what it matched, what it could not and what
/// looks duplicated.
public struct Reintegrator {
    /// What a reintegration does to the ledger.
    public enum Mode: String, Sendable {
        /// The ledger knows nothing of the company: the map is written, the cursor set.
        case rebuild
        /// Only compare and report (an intact ledger, or `--check-only`).
        case check
        /// Fill in what an intact ledger lacks (`--apply`), never replacing what it has.
        case apply
    }

    let settings: PipelineSettings
    let ledger: Ledger
    let reader: BooksReader
    let logger: Logger
    let actor: String

    /// A reintegration of `ledger` with the company `reader` reads, done as `actor`.
    public init(settings: PipelineSettings, ledger: Ledger, reader: BooksReader, logger: Logger, actor: String) {
        self.settings = settings
        self.ledger = ledger
        self.reader = reader
        self.logger = logger
        self.actor = actor
    }

    /// The mode for this ledger: a rebuild when it has never mapped anything in QuickBooks.
    public func mode(apply: Bool, checkOnly: Bool) throws -> Mode {
        if checkOnly { return .check }
        if try !ledger.holdsQBOObjects() { return .rebuild }
        return apply ? .apply : .check
    }

    /// Reads QuickBooks and the OMS, matches them, writes the ledger as `mode` says and the
    /// report (its folder named by `date`); throws `ReintegrateError` when QuickBooks cannot be
    /// read or a load holds the company, having changed nothing.
    public func run(mode: Mode, at date: Date = Date()) async throws -> ReintegrationReport {
        let company = settings.quickbooks.realm ?? ""
        let lock: LoadLock
        do {
            lock = try LoadLock.acquire(ledger: ledger, company: company, run: nil, user: actor, logger: logger)
        } catch LoadError.locked(let holder, _) {
            throw ReintegrateError.loadRunning(holder.description)
        }
        defer { try? lock.release() }
        let oms = try OMSDatabase(settings: settings)
        let holdings = try OMSHoldings(oms: oms)
        let documents: [BooksDocument]
        var lists: [BooksNameList: [BooksName]] = [:]
        do {
            documents = try await reader.documents()
            for list in BooksNameList.allCases { lists[list] = try await reader.names(list) }
        } catch let failure as QuickBooksAPIFailure {
            throw ReintegrateError(failure)
        }
        var map = ReintegrationMap()
        let kept = DocumentMatcher(oms: holdings, rules: .of(settings.quickbooks.edition)).match(documents, into: &map)
        NameMatcher(settings: settings, oms: holdings).match(kept, lists: lists, into: &map)
        let prices = Dictionary((lists[.item] ?? []).compactMap { item in item.unitPriceCents.map { (item.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let held = Dictionary(kept.map { ($0.key, $0.document) }, uniquingKeysWith: { a, _ in a })
        var differences = BooksComparison(settings: settings, oms: holdings, documents: held, map: map, itemPrices: prices).differences()
        var report = ReintegrationReport(mode: mode, company: company, documentsRead: documents.count, map: map)
        var released: [String] = []
        if mode == .rebuild {
            // What a run took into this ledger before (refused at its load) and QuickBooks does
            // not hold: its documents are compared above; a customer or item is left to the run
            // whose document needs it (a patient with no document in QuickBooks cannot be told
            // from a customer the bookkeeper made, so posting it now could make a second one).
            let recovered = map.recoveredRefs
            released = try ledger.items(in: .pending).map(\.ref).filter { !recovered.contains($0) && differences[$0] == nil }
        } else {
            // A change after the cursor goes with the next run anyway; a record the ledger keeps
            // out (failed, excluded, on the manual list) is not expected in QuickBooks.
            let changed = try OMSHoldings.changed(after: try ledger.cursor(), oms: oms)
            differences = differences.filter { ref, _ in
                guard !changed.contains(ref) else { return false }
                let state = try? ledger.item(ref)?.state
                return state == nil || state == .synced
            }
            report.ledgerDifferences = try LedgerComparison(ledger: ledger, map: map, documents: documents).differences()
        }
        report.queued = differences
        if mode != .check {
            try write(map, queued: differences, released: released, mode: mode, cursor: holdings.feedEnd, company: company)
            if mode == .rebuild { report.setAside = try setAsideEarlierRuns() }
            report.cursor = try ledger.cursor()
        }
        report.folder = try report.write(workspace: settings.workspace, at: date)
        logger.info("reintegration done", metadata: ["mode": "\(mode.rawValue)", "matched": "\(map.objects.count)", "queued": "\(differences.count)"])
        return report
    }

    /// A run this ledger took before the rebuild (refused at its load, since the company held
    /// qbsync's documents) was planned without the map: its transform is marked stale, so it is
    /// not loaded as it is. Its records are queued or settled above; the next run takes them.
    private func setAsideEarlierRuns() throws -> [String] {
        var setAside: [String] = []
        for run in try ledger.runs() {
            let folder = RunFolder(workspace: settings.workspace, id: run.id)
            guard folder.exists, var manifest = try? folder.manifest(pipeline: settings.name) else { continue }
            var changed = false
            for stage in [Stage.transform, .load, .reconcile] where manifest.stages[stage] != nil && manifest.stages[stage]?.status != .stale {
                manifest.stages[stage]?.status = .stale
                changed = true
            }
            guard changed else { continue }
            try FileStore.writeJSON(manifest.json, to: folder.manifestURL)
            setAside.append(run.id)
        }
        return setAside
    }

    /// Writes the map in one transaction; a rebuild replaces what a run that posted nothing claimed.
    private func write(
        _ map: ReintegrationMap, queued: [String: String], released: [String], mode: Mode, cursor: Int, company: String
    ) throws {
        let replacing = mode == .rebuild
        try ledger.inOneTransaction {
            for var object in map.objects.values.sorted(by: { $0.key < $1.key }) {
                object.edition = settings.quickbooks.edition
                let known = try ledger.qboObject(object.key)
                if replacing || known == nil { try ledger.saveQBOObject(object) }
            }
            for (patient, code) in map.pseudonyms.sorted(by: { $0.key < $1.key }) {
                try ledger.keepPseudonym(code, patientID: patient, replacing: replacing)
            }
            for claim in map.names { try ledger.keepName(namespace: claim.namespace, key: claim.key, name: claim.name, source: claim.source, replacing: replacing) }
            for claim in map.numbers { try ledger.keepDocNumber(docType: claim.docType, key: claim.key, number: claim.number, replacing: replacing) }
            var synced: [String] = []
            for ref in map.recoveredRefs.sorted() where queued[ref] == nil {
                let tracked = try ledger.item(ref)
                if replacing || tracked == nil { synced.append(ref) }
            }
            try ledger.recordReintegration(synced: synced, queued: queued, actor: actor)
            try ledger.release(released, actor: actor)
            if replacing { try ledger.advanceCursor(to: cursor) }
            try ledger.markReintegrated(company, by: actor)
        }
    }
}
