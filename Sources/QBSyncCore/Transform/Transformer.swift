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
/// extract, the ledger and the pipeline; the same inputs give byte-identical files.
///
/// It streams: the extract is read one file at a time in dependency order (payers, items,
/// patients, sales, payments, returns, refunds, write-offs), each record is mapped, checked and
/// queued for its wave's next batch file, and only ids, hashes and one batch per wave stay in
/// memory, so a first synchronization of a million changes costs no more memory than a night's.
public struct Transformer {
    let settings: PipelineSettings
    let ledger: Ledger
    let logger: Logger

    public init(settings: PipelineSettings, ledger: Ledger, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.logger = logger
    }

    /// The order records are mapped in: what a record refers to is mapped before it.
    static let entityOrder = ["payer", "item", "patient", "sale", "payment", "return", "refund", "write_off"]

    public func run(runID: String) throws -> TransformResult {
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
        try folder.markRunning(.transform, pipeline: settings.name, startedAt: startedAt)

        let writer = try BatchWriter(folder: folder, batchSize: settings.quickbooks.batchSize)
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
        let lastBatches = try writer.finish(
            runID: runID, links: mapped.links, failures: mapped.failures, refs: mapped.refs, unchanged: mapped.unchanged)
        for batch in lastBatches { try mapped.review.add(batch) }
        try mapped.redaction.write(settings: settings, to: folder.file(.transform, "redaction.json"))
        // The accountant's review (review.html, review.csv) beside the batches it describes,
        // built from each batch as it was written.
        let reviewDigests = try runReview.writeFiles(
            try mapped.review.finish(failures: mapped.failures), leakCheck: settings.redaction.enabled ? mapped.leakCheck : nil)
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
        let context = try MappingContext(settings: settings, ledger: ledger, runID: runID, items: items, sales: sales, reference: reference)
        let cutover = settings.startDate.map { Cutover(startDate: $0, ledger: ledger, ledgerHoldsObjects: context.ledgerHoldsObjects) }
        let customers = CustomerMapper(context: context)
        let itemMapper = ItemMapper(context: context)
        let invoices = InvoiceMapper(context: context)
        let payments = PaymentMapper(context: context)
        let credits = CreditMemoMapper(context: context)
        let refunds = RefundMapper(context: context)
        // Keys this run plans, hashed: what a later record may refer to.
        var planned: Set<UInt64> = []
        var failed: [String: RecordFailure] = [:]
        // Shared objects (accounts, classes...) are planned from the first record that asks for
        // one, though they are emitted last: they are planned and named for the review once each.
        var sharedNoted: Set<String> = []
        // Patients and payers that are the run's items (each listed once in the plan's refs).
        var customerRecords: Set<String> = []
        func noteShared() {
            guard context.required.count > sharedNoted.count else { return }
            for (key, operation) in context.required where !sharedNoted.contains(key) {
                sharedNoted.insert(key)
                planned.insert(LeakCheck.RunHash.of(key.utf8))
                result.review.note(operation)
            }
        }

        func emit(_ operations: [PlannedOperation]) throws {
            for var operation in operations {
                operation.breakdown = Breakdown.of(operation, context: context)
                if operation.operation == "link" {
                    result.links.append(operation)
                    result.review.noteLink(operation)
                    continue
                }
                if settings.redaction.enabled {
                    result.findings += result.leakCheck.scan(operation.body, location: "\(operation.ref) \(operation.entity)")
                }
                result.redaction.add(operation)
                result.operations += 1
                result.review.note(operation)
                if let batch = try writer.add(operation) { try result.review.add(batch) }
            }
        }

        let ordered = Self.entityOrder.flatMap { entity in chunks.filter { $0.entity == entity } }
        let reader = ChunkReadAhead(chunks: ordered, folder: folder)
        for (position, chunk) in ordered.enumerated() {
            let entity = chunk.entity
            let (records, phi) = try reader.chunk(at: position)
            result.leakCheck.absorb(phi)
            for record in records { result.redaction.add(record) }
            if entity == "sale" { sales.register(records) }
            for record in records where record.reason.isSynced {
                let ref = record.ref.description
                try result.refs.appendLine(ref)
                if entity == "patient" || entity == "payer" { customerRecords.insert(ref) }
                do {
                    try cutover?.check(record)
                    let operations = try mapRecord(
                        record, customers: customers, items: itemMapper, invoices: invoices, payments: payments,
                        credits: credits, refunds: refunds)
                    if operations.isEmpty {
                        try result.unchanged.appendLine(ref)
                        continue
                    }
                    // Shared objects the record asked for are planned from here on.
                    noteShared()
                    for operation in operations { planned.insert(LeakCheck.RunHash.of(operation.key.utf8)) }
                    if let missing = try missingDependency(operations, planned: planned, context: context) {
                        let owner = String(missing.split(separator: " ").dropFirst().first ?? Substring(missing))
                        let reason = failed[owner].map { ": \($0.message)" } ?? ""
                        for operation in operations { planned.remove(LeakCheck.RunHash.of(operation.key.utf8)) }
                        if let manual = try cutover?.dependentFailure(ref: ref, owner: owner, failed: failed) { throw manual }
                        throw RecordFailure(
                            ref: ref, code: "dependency-failed",
                            message: "\(ref) needs \(owner) in QuickBooks first, and it is not there\(reason)")
                    }
                    // A customer made active for these documents is the run's item too, so
                    // that a failure to make it inactive again is seen and can be retried.
                    for customer in try context.keepActive(for: operations) where customerRecords.insert(customer).inserted {
                        try result.refs.appendLine(customer)
                    }
                    noteShared()
                    try emit(operations)
                } catch let failure as RecordFailure {
                    failed[ref] = failure
                }
            }
        }
        // Shared objects (accounts, classes, payment methods, generic items) close their waves.
        let shared = context.required.values.sorted { $0.key < $1.key }
        try emit(shared)
        result.failures = failed.keys.sorted().map { failed[$0]! }
        return result
    }

    private func mapRecord(
        _ record: ExtractedRecord, customers: CustomerMapper, items: ItemMapper, invoices: InvoiceMapper, payments: PaymentMapper,
        credits: CreditMemoMapper, refunds: RefundMapper
    ) throws -> [PlannedOperation] {
        let ref = record.ref.description
        switch record.ref.entity {
        case "patient": return try customers.patient(record)
        case "payer": return try customers.payer(record)
        case "item": return try items.item(record)
        case "sale": return try invoices.sale(record)
        case "payment": return try payments.payment(record)
        case "return": return try credits.return(record)
        case "write_off": return try credits.writeOff(record)
        case "refund": return try refunds.refund(record)
        default: throw RecordFailure(ref: ref, code: "unsupported", message: "\(ref): qbsync does not know this kind of record")
        }
    }

    /// The first QuickBooks object the operations refer to that is neither planned in this run
    /// nor in QuickBooks per the ledger (its own record failed, or never reached the run).
    private func missingDependency(_ operations: [PlannedOperation], planned: Set<UInt64>, context: MappingContext) throws -> String? {
        for key in operations.flatMap(\.references).map(Self.objectKey) where !key.hasPrefix("account ") {
            if planned.contains(LeakCheck.RunHash.of(key.utf8)) { continue }
            if try context.object(key) == nil { return key }
        }
        return nil
    }

    /// `synctoken customer patient:5` -> `customer patient:5`.
    static func objectKey(_ placeholder: String) -> String {
        placeholder.hasPrefix("synctoken ") ? String(placeholder.dropFirst("synctoken ".count)) : placeholder
    }
}
