import Foundation

extension Extractor {
    /// What the run took, once every record file is queued.
    struct Selected {
        /// Entity -> reason -> how many records.
        var counts: [String: [ExtractReason: Int]] = [:]
        var patientsLeftOut = 0
        /// Changed records an operator holds out of synchronization (excluded, manual, manual_done).
        var held: [String] = []
    }

    /// Decides what the run takes and writes its record files as it goes: the window's changes
    /// and the retries, then what they need (to sync when never synced, as context when the
    /// mapping needs their rows). Entities come in dependency order (`OMSRecordShape`), each read
    /// a chunk of `chunk_size` records at a time: the chunk's file is queued for writing, what its
    /// records need is noted for the entities still to come, and its rows are dropped. Each
    /// entity's records to sync go to the ledger as soon as their reasons are final, before its
    /// rows are read.
    func select(run: RunRecord, requested: [OMSRef: ExtractReason], writer: inout ExtractWriter, ledgerWorker worker: ExtractWorker) throws
        -> Selected
    {
        var window = try OMSChangeWindow(oms: oms, after: run.cursorFrom, upTo: run.cursorTo)
        let heldOut = try ledger.refs(in: [.excluded, .manual, .manualDone])
        // Records entered by hand that changed again go back on the manual entry list, before
        // anything is marked pending (a record on that list stays off the run).
        let reopened = try ledger.refs(in: [.manualDone]).filter { text in (try? OMSRef(parsing: text)).map(window.contains) ?? false }
        if !reopened.isEmpty {
            try worker.run { [ledger, actor] in try ledger.reopenManualEntries(reopened.sorted(), run: run.id, actor: actor) }
        }
        // With opening balances, a document dated before the cutover that changes later is in a
        // balance qbsync posted: it goes on the manual list instead of staying silently excluded.
        if settings.openingBalances {
            let changed = try ledger.changedAfterOpeningBalances(run: run.id) { window.contains($0) }
            if !changed.isEmpty {
                try worker.run { [ledger, actor] in try ledger.flagChangedAfterOpeningBalances(changed, run: run.id, actor: actor) }
            }
        }
        let inQuickBooks = QuickBooksLookup(ledger: ledger, entities: try ledger.entitiesInQuickBooks())
        var selection = ExtractSelection(requested: requested, heldOut: heldOut, allPatientFiles: settings.allPatientFiles)
        var selected = Selected()
        let time = Ledger.now()
        for entity in OMSRecordShape.dependencyOrder {
            let records = try selection.take(entity, changes: window.take(entity)) { ids in
                try inQuickBooks.ids(of: entity, among: ids)
            }
            guard !records.isEmpty else { continue }
            // The reasons are final now: the ledger can record them while the rows are read.
            var synced: [OMSRef] = []
            for record in records {
                selected.counts[entity, default: [:]][record.reason, default: 0] += 1
                if record.reason.isSynced { synced.append(OMSRef(entity, record.id)) }
            }
            if !synced.isEmpty {
                try worker.run { [ledger, actor] in try ledger.markTaken(synced, run: run.id, actor: actor, at: time) }
            }
            let reader = try RecordChunkReader(oms: oms, entity: entity, ids: records.map(\.id))
            for start in stride(from: 0, to: records.count, by: settings.chunkSize) {
                let chunk = records[start..<min(start + settings.chunkSize, records.count)]
                let rows = try reader.read(chunk.map(\.id))
                try writer.writeChunk(entity: entity, records: chunk, rows: rows)
                try noteDependencies(of: chunk, rows: rows, inQuickBooks: inQuickBooks, in: &selection)
            }
        }
        selected.patientsLeftOut = selection.patientsLeftOut
        selected.held = selection.held.sorted()
        return selected
    }

    /// Tells the selection what each record of a chunk refers to, and whether QuickBooks has it.
    private func noteDependencies(
        of chunk: ArraySlice<SelectedRecord>, rows: RecordRows, inQuickBooks: QuickBooksLookup, in selection: inout ExtractSelection
    ) throws {
        guard !rows.dependencies.isEmpty else { return }
        let reasons = Dictionary(chunk.map { ($0.id, $0.reason) }, uniquingKeysWith: { first, _ in first })
        let found = try inQuickBooks.refs(among: rows.dependencies.map(\.ref))
        for (owner, ref) in rows.dependencies {
            guard let reason = reasons[owner] else { continue }
            selection.need(ref, by: reason, dependencyInQuickBooks: found.contains(ref))
        }
    }
}
