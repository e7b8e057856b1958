import Foundation
import Logging
import QBSyncJSON

/// What a transform did.
public struct TransformResult: Sendable {
    public var run: String
    /// Requests planned (operations that are not `link`s).
    public var operations: Int
    public var batches: Int
    /// Records that failed or need manual entry.
    public var failures: [RecordFailure]
    /// Documents left out on purpose: dated before the cutover (`[sync] start_date`).
    public var leftOut: [RecordFailure] = []
}

/// The transform stage: `1-extract/` -> QuickBooks batch payloads in `2-transform/`, redacted,
/// checked for leaks, in dependency waves of at most `batch_size` operations. Reads only the
/// extract, the ledger, the pipeline and, with a cutover or `[review] check_books`, what QuickBooks
/// holds that qbsync did not post (`handEntered`, read by the caller); the same inputs give
/// byte-identical files.
///
/// It streams: the extract is read one file at a time in dependency order (`OMSEntity`); at
/// each file's edge the names and numbers its records need are claimed, then its records are
/// mapped to neutral changes side by side (`ChunkMapping`), rendered for the edition, checked
/// and queued for their wave's next batch file, and only ids, hashes and one batch per wave
/// stay in memory, so a first synchronization of a million changes costs no more memory than
/// a night's. docs/architecture.md walks through it.
public struct Transformer {
    let settings: PipelineSettings
    let ledger: Ledger
    let logger: Logger
    /// What QuickBooks holds that qbsync did not post, read before the transform when the
    /// pipeline has a cutover (`SyncPipeline.handEnteredBooks()`); nil when it was not read (no
    /// connection): then nothing is linked to a hand-entered document, and the manual list says so.
    public var handEntered: HandEnteredBooks?

    public init(settings: PipelineSettings, ledger: Ledger, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.logger = logger
    }

    /// The rules of the QuickBooks the pipeline keeps (`[quickbooks] edition`), read wherever
    /// a name or number is made.
    var rules: EditionRules { .of(settings.quickbooks.edition) }

    public func run(runID: String) throws -> TransformResult {
        try MallocTuning.returningLargeBlocks { try transform(runID: runID) }
    }

    private func transform(runID: String) throws -> TransformResult {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        // A folder whose extract never committed is not a run: nothing of it is pending, and
        // the next extract takes its changes again.
        guard (try? ledger.run(runID)) != nil else { throw TransformError.notARun(runID) }
        guard try folder.manifest(pipeline: settings.name).stages[.extract]?.status == .done else {
            throw TransformError.extractMissing(runID)
        }
        let startedAt = Ledger.now()
        let reference = try FileStore.readJSON(folder.file(.extract, "reference.json"))
        try folder.prepare(.transform)
        // What QuickBooks holds that qbsync did not post, kept for every view of the review.
        try BooksCheck(books: handEntered, settings: settings).write(to: folder)
        try folder.markRunning(.transform, pipeline: settings.name, startedAt: startedAt)

        // The pipeline may ask for smaller requests than the edition allows, never larger ones.
        let writer = try BatchWriter(folder: folder, batchSize: min(settings.quickbooks.batchSize, rules.maxOperationsPerRequest))
        let runReview = RunReview(runID: runID, settings: settings, ledger: ledger)
        var mapped = try ledger.inOneTransaction {
            try map(folder: folder, reference: reference, runID: runID, writer: writer, review: runReview)
        }
        if !mapped.findings.isEmpty {
            writer.drain()
            try? FileManager.default.removeItem(at: folder.file(.transform, "batches"))
            try FileStore.writeJSON(
                ["findings": .array(mapped.findings.map { ["location": .string($0.location), "source": .string($0.source)] })],
                to: folder.file(.transform, "leak-report.json"))
            try folder.recordStage(.transform, status: .failed, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now())
            throw TransformError.leak(mapped.findings)
        }
        let lastBatches = try writer.finishBatches()
        // plan.json is written while the review is put together; it is waited for either way.
        let plan = writer.writePlan(
            runID: runID, links: mapped.links, failures: mapped.failures, refs: mapped.refs, unchanged: mapped.unchanged)
        let reviewDigests: [String: String]
        do {
            for batch in lastBatches { try mapped.review.add(batch) }
            try mapped.redaction.write(settings: settings, to: folder.file(.transform, "redaction.json"))
            // The accountant's review (review.html, review.csv) beside the batches it describes,
            // built from each batch as it was written.
            reviewDigests = try runReview.writeFiles(
                try mapped.review.finish(failures: mapped.failures), leakCheck: settings.redaction.enabled ? mapped.leakCheck : nil)
        } catch {
            try? plan.wait()
            throw error
        }
        try plan.wait()
        // The batch files were written without waiting for the disk: one flush for all of them.
        try FileStore.syncFileSystem(of: folder.folder(.transform))
        try folder.recordStage(
            .transform, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(),
            summary: [
                "operations": .int(mapped.operations), "batches": .int(writer.batchCount), "failures": .int(mapped.failures.count),
            ], digests: writer.digests.merging(reviewDigests) { first, _ in first })
        // New files are not the approved ones: the run is approved again before it loads.
        try Approvals(settings: settings, ledger: ledger).voidIfChanged(runID: runID, reason: "the transform ran again")
        logger.info(
            "transform finished", metadata: ["run": "\(runID)", "operations": "\(mapped.operations)", "failures": "\(mapped.failures.count)"])
        return TransformResult(
            run: runID, operations: mapped.operations, batches: writer.batchCount, failures: mapped.failures.filter { !$0.excluded },
            leftOut: mapped.failures.filter(\.excluded))
    }

    /// What the mapping pass leaves for the end of the stage.
    private struct Mapped {
        var operations = 0
        var links: [PlannedOperation] = []
        var failures: [RecordFailure] = []
        var findings: [LeakCheck.Finding] = []
        var refs: SpillFile
        var unchanged: SpillFile
        var redaction = RedactionReport()
        var leakCheck = LeakCheck()
        /// The review, fed every operation as it is planned and every batch as it is written.
        var review: ReviewBuilder
    }

    /// Maps every record, a file at a time, to its operations and queues them in `writer`; a
    /// record that cannot be mapped fails alone, and so does every record that needs it in
    /// QuickBooks (what a record needs is mapped before it, so one pass finds them all).
    private func map(folder: RunFolder, reference: JSONValue, runID: String, writer: BatchWriter, review: RunReview) throws -> Mapped {
        let chunks = try ExtractFiles.chunks(folder: folder)
        // Items first and whole (a catalogue, not a history): every sale line needs its item's kind.
        var items: [Int: JSONValue] = [:]
        for chunk in chunks where chunk.entity == "item" {
            for record in try ExtractFiles.records(in: chunk, folder: folder) where record.row != .null { items[record.ref.id] = record.row }
        }
        let reviewInputs = try review.inputs(itemKinds: items.compactMapValues { $0["kind"]?.stringValue }, recordingFingerprints: true)
        var result = Mapped(refs: try SpillFile(), unchanged: try SpillFile(), review: try ReviewBuilder(run: runID, inputs: reviewInputs))
        result.leakCheck.addReference(reference)
        let sales = try SaleRows(folder: folder)
        let data = ReferenceData(settings: settings, rules: rules, items: items, sales: sales, reference: reference)
        // Hand-entered invoices are adopted before anything asks the ledger what QuickBooks holds.
        let misses = try settings.startDate.flatMap { startDate in
            try handEntered.map { books in
                try HandEnteredLinker(
                    ledger: ledger, books: books, startDate: startDate, redactionEnabled: settings.redaction.enabled, edition: rules.edition,
                    linkInvoices: !settings.openingBalances
                ).link(folder: folder)
            }
        } ?? [:]
        // With opening balances, what settles a pre-cutover sale goes to its customer's
        // opening-balance invoice instead of one entered by hand.
        let opening = try settings.startDate.flatMap { startDate in
            try settings.openingBalances
                ? OpeningBalancePlan.prepare(ledger: ledger, folder: folder, runID: runID, startDate: startDate) : nil
        }
        let shared = try SharedObjects(ledger: ledger, reference: data)
        let claimBook = ClaimBook(ledger: ledger, rules: rules, patientPrefix: settings.redaction.patientPrefix)
        let renderer = EditionRenderer(settings: settings, rules: rules)
        let cutover = settings.startDate.map {
            Cutover(
                startDate: $0, ledger: ledger, ledgerHoldsObjects: shared.ledgerHoldsObjects, booksRead: handEntered != nil,
                misses: misses.merging(opening?.misses ?? [:]) { first, _ in first }, openingTakenIn: opening.flatMap { $0.takenIn == runID ? nil : $0.takenIn },
                booksAsRead: handEntered?.asReadAt)
        }
        // Keys this run plans, hashed: what a later record may refer to.
        var planned: Set<UInt64> = []
        var failed: [String: RecordFailure] = [:]
        // Shared objects (accounts, classes...) are planned from the first record that asks for
        // one, though they are emitted last: they are planned and named for the review once each.
        var sharedNoted: Set<String> = []
        // Patients and payers that are the run's items (each listed once in the plan's refs).
        var customerRecords: Set<String> = []
        func noteShared() {
            guard shared.required.count > sharedNoted.count else { return }
            for (name, change) in shared.required where !sharedNoted.contains(name) {
                sharedNoted.insert(name)
                planned.insert(LeakCheck.RunHash.of(name.utf8))
                result.review.note(renderer.render(change))
            }
        }

        let mapping = ChunkMapping(reference: data, renderer: renderer)
        // The leak check's memo for what this thread checks itself (records mapped again, the
        // shared objects); the mapping workers keep their own.
        var memo = LeakCheck.Memo()
        /// Queues `operations`; `findings` are what the leak check found in each, when a mapping
        /// worker checked them already.
        func emit(_ operations: [PlannedOperation], findings: [[LeakCheck.Finding]]? = nil) throws {
            for (index, operation) in operations.enumerated() {
                if operation.operation == "link" {
                    result.links.append(operation)
                    result.review.noteLink(operation)
                    continue
                }
                if settings.redaction.enabled {
                    result.findings += findings?[index] ?? ChunkMapping.findings(in: operation, by: result.leakCheck, memo: &memo)
                }
                result.redaction.add(operation)
                result.operations += 1
                result.review.note(operation)
                if let batch = try writer.add(operation) { try result.review.add(batch) }
            }
        }

        // The opening balances are planned once the customers are, before any document that
        // may settle one of them.
        var openingPending = opening
        func planOpenings() throws {
            guard let plan = openingPending else { return }
            openingPending = nil
            let claims = try claimBook.claim(try plan.claimRequests(ledger: ledger))
            for balance in plan.pending {
                let ref = balance.customer.reference
                // A customer that failed keeps its item failed; its balance is planned on its retry.
                guard failed[ref] == nil else { continue }
                do {
                    var needs: [SharedNeed] = []
                    let change = try plan.change(for: balance, claims: claims, reference: data, sharedKnown: shared.known, needs: &needs)
                    try shared.plan(needs)
                    noteShared()
                    if let missing = try missingDependency(PlannedKeys([change]), planned: planned, shared: shared) {
                        throw RecordFailure(
                            ref: ref, code: "dependency-failed",
                            message: "the opening balance of \(ref) needs \(missing.reference) in QuickBooks first, and it is not there: 'qbsync retry \(ref)'")
                    }
                    planned.insert(PlannedKeys.hash(change.key))
                    if customerRecords.insert(ref).inserted { try result.refs.appendLine(ref) }
                    for customer in try shared.keepActive(for: [change]) where customerRecords.insert(customer).inserted {
                        try result.refs.appendLine(customer)
                    }
                    noteShared()
                    try emit([mapping.render(change)])
                } catch let failure as RecordFailure {
                    failed[ref] = failure
                }
            }
        }

        let ordered = OMSEntity.allCases.flatMap { entity in chunks.filter { $0.entity == entity.name } }
        let reader = ChunkReadAhead(chunks: ordered, folder: folder)
        /// Takes a mapped part's outcomes in record order: each record's operations are planned
        /// and queued, or the record fails.
        func settle(_ chunk: ChunkMapping.InFlight) throws {
            let outcomes = chunk.outcomes()
            for (index, record) in chunk.records.enumerated() {
                let ref = record.ref.description
                try result.refs.appendLine(ref)
                if OMSEntity(rawValue: chunk.entity)?.isCustomer == true { customerRecords.insert(ref) }
                do {
                    if let failure = chunk.leftOut[index] { throw failure }
                    var outcome = outcomes[index]
                    if outcome.error != nil, var live = chunk.inputs[index] {
                        // Mapped again against the shared objects as they are now (see ChunkMapping).
                        live.sharedKnown = shared.known
                        outcome = mapping.outcome(
                            record, inputs: live, leakCheck: settings.redaction.enabled ? result.leakCheck : nil, memo: &memo)
                    }
                    let (changes, needs) = (outcome.changes, outcome.needs)
                    if let error = outcome.error {
                        // What the record asked for before it failed is planned all the same.
                        try shared.plan(needs)
                        throw error
                    }
                    try shared.plan(needs)
                    shared.notePosted(changes)
                    if changes.isEmpty {
                        try result.unchanged.appendLine(ref)
                        continue
                    }
                    // Shared objects the record asked for are planned from here on.
                    noteShared()
                    for hash in outcome.keys.made { planned.insert(hash) }
                    if let missing = try missingDependency(outcome.keys, planned: planned, shared: shared) {
                        let owner = missing.reference
                        let reason = failed[owner].map { ": \($0.message)" } ?? ""
                        for hash in outcome.keys.made { planned.remove(hash) }
                        if let manual = try cutover?.dependentFailure(ref: ref, owner: owner, key: missing.description, failed: failed) { throw manual }
                        throw RecordFailure(
                            ref: ref, code: "dependency-failed",
                            message: "\(ref) needs \(owner) in QuickBooks first, and it is not there\(reason)")
                    }
                    // A customer made active for these documents is the run's item too, so
                    // that a failure to make it inactive again is seen and can be retried.
                    for customer in try shared.keepActive(for: changes) where customerRecords.insert(customer).inserted {
                        try result.refs.appendLine(customer)
                    }
                    noteShared()
                    try emit(outcome.operations, findings: outcome.findings)
                } catch let failure as RecordFailure {
                    failed[ref] = failure
                }
            }
        }

        // A part of a chunk is mapped on the workers while this thread settles the part before
        // it (and reads and claims the next chunk): the mapping asks nothing of what settling
        // changes (see ChunkMapping.InFlight), so the outcomes are those of one part after the other.
        var inFlight: ChunkMapping.InFlight?
        for (position, chunk) in ordered.enumerated() {
            let entity = chunk.entity
            if let kind = OMSEntity(rawValue: entity), kind >= .sale, openingPending != nil {
                // The opening balances need every customer settled (a failed one keeps its balance for its retry).
                if let previous = inFlight { try settle(previous) }
                inFlight = nil
                try planOpenings()
            }
            let (records, phi, held) = try reader.chunk(at: position)
            result.redaction.add(held)
            if entity == OMSEntity.sale.name {
                // Payments and credit memos read the sales: none is mapped while they grow.
                _ = inFlight?.outcomes()
                sales.register(records)
            }
            let synced = records.filter(\.reason.isSynced)
            // The chunk's edge: records left out by the cutover fail here, and every other
            // record's names and numbers are claimed now, in record order, so that the mapping
            // below asks the ledger for nothing.
            var leftOut: [Int: RecordFailure] = [:]
            var requests: [ClaimRequest] = []
            for (index, record) in synced.enumerated() {
                do {
                    try cutover?.check(record)
                    requests += Self.claimRequests(record, reference: data)
                } catch let failure as RecordFailure {
                    leftOut[index] = failure
                }
            }
            let claims = try claimBook.claim(requests)
            // What QuickBooks holds of each record, and the shared objects known now, read
            // before the records are mapped side by side.
            let knownNow = shared.knownKeys
            let inputs: [MapperInputs?] = try synced.indices.map { index in
                guard leftOut[index] == nil else { return nil }
                return MapperInputs(
                    reference: data, holdings: try shared.holdings(of: synced[index].ref), claims: claims,
                    sharedKnown: { knownNow.contains($0) }, fingerprint: renderer.fingerprint, openingInvoices: opening?.invoices ?? [:])
            }
            // The chunk goes to the workers in parts: the part mapped while the one before it is
            // settled is all that is held of the chunk's rendered bodies at once.
            for (number, part) in ChunkMapping.parts(synced.count).enumerated() {
                let previous = inFlight
                // The workers finish the part before (its outcomes are taken below) before they
                // start this one, and the chunk's values join the leak check only then: a check
                // still being read by a worker would be copied whole to take them in.
                _ = previous?.outcomes()
                if number == 0 { result.leakCheck.absorb(phi) }
                inFlight = mapping.start(
                    entity: entity, records: Array(synced[part]),
                    leftOut: Dictionary(uniqueKeysWithValues: leftOut.compactMap { part.contains($0.key) ? ($0.key - part.lowerBound, $0.value) : nil }),
                    inputs: Array(inputs[part]), leakCheck: settings.redaction.enabled ? result.leakCheck : nil)
                if let previous {
                    try settle(previous)
                    ChunkMapping.letGo(previous)
                }
            }
        }
        if let last = inFlight { try settle(last) }
        try planOpenings()
        // Shared objects (accounts, classes, payment methods, generic items) close their waves.
        let sharedChanges = shared.required.sorted { $0.value.key < $1.value.key }.map(\.value)
        try emit(sharedChanges.map(mapping.render))
        result.failures = failed.keys.sorted().map { failed[$0]! }
        return result
    }

    /// The first object the changes (their `keys`) refer to that is neither planned in this run
    /// nor in QuickBooks per the ledger (its own record failed, or never reached the run).
    private func missingDependency(_ keys: PlannedKeys, planned: Set<UInt64>, shared: SharedObjects) throws -> ObjectKey? {
        for (key, hash) in keys.referred where !planned.contains(hash) {
            if try shared.object(key.description) == nil { return key }
        }
        return nil
    }

    /// `synctoken customer patient:5` -> `customer patient:5`.
    static func objectKey(_ placeholder: String) -> String {
        placeholder.hasPrefix("synctoken ") ? String(placeholder.dropFirst("synctoken ".count)) : placeholder
    }
}
