import Foundation
import Logging
import QBSyncJSON

/// What a transform did.
public struct TransformResult: Sendable {
    public var plan: TransformPlan
    public var operations: Int
}

/// The transform stage: `1-extract/` -> QuickBooks batch payloads in `2-transform/`, redacted,
/// checked for leaks, in dependency waves of at most `batch_size` operations. Reads only the
/// extract, the ledger and the pipeline; the same inputs give byte-identical files.
public struct Transformer {
    let settings: PipelineSettings
    let ledger: Ledger
    let logger: Logger

    public init(settings: PipelineSettings, ledger: Ledger, logger: Logger) {
        self.settings = settings
        self.ledger = ledger
        self.logger = logger
    }

    public func run(runID: String) throws -> TransformResult {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard try folder.manifest(pipeline: settings.name).stages[.extract]?.status == .done else {
            throw TransformError.extractMissing(runID)
        }
        let startedAt = Ledger.now()
        let records = try ExtractWriter.readRecords(folder: folder)
        let reference = try FileStore.readJSON(folder.file(.extract, "reference.json"))
        try folder.prepare(.transform)
        try folder.markRunning(.transform, pipeline: settings.name, startedAt: startedAt)

        let (operations, failures, unchanged) = try ledger.inOneTransaction { try map(records, reference: reference, runID: runID) }
        let outgoing = operations.filter { $0.operation != "link" }
        if settings.redaction.enabled {
            let check = LeakCheck(records: records, reference: reference)
            let findings = outgoing.flatMap { check.scan($0.body, location: "\($0.ref) \($0.entity)") }
            if !findings.isEmpty {
                try FileStore.writeJSON(
                    ["findings": .array(findings.map { ["location": .string($0.location), "source": .string($0.source)] })],
                    to: folder.file(.transform, "leak-report.json"))
                try folder.recordStage(.transform, status: .failed, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now())
                throw TransformError.leak(findings)
            }
        }
        let plan = try BatchWriter(folder: folder, batchSize: settings.quickbooks.batchSize).write(
            operations, failures: failures, unchanged: unchanged,
            refs: records.filter { $0.reason.isSynced }.map(\.ref.description), runID: runID)
        try RedactionReport.write(records: records, operations: outgoing, settings: settings, to: folder.file(.transform, "redaction.json"))
        // The accountant's review (review.html, review.csv) beside the batches it describes.
        let review = RunReview(runID: runID, settings: settings, ledger: ledger)
        try review.writeFiles(try review.review(plan: plan, records: records, checkEdits: false), records: records)
        try folder.recordStage(
            .transform, status: .done, pipeline: settings.name, startedAt: startedAt, finishedAt: Ledger.now(),
            summary: [
                "operations": .int(outgoing.count), "batches": .int(plan.batches.count), "failures": .int(failures.count),
            ])
        // New files are not the approved ones: the run is approved again before it loads.
        try Approvals(settings: settings, ledger: ledger).voidIfChanged(runID: runID, reason: "the transform ran again")
        logger.info("transform finished", metadata: ["run": "\(runID)", "operations": "\(outgoing.count)", "failures": "\(failures.count)"])
        return TransformResult(plan: plan, operations: outgoing.count)
    }

    /// Maps every record to its operations; a record that cannot be mapped fails alone, and so
    /// does every record that needs it in QuickBooks.
    private func map(_ records: [ExtractedRecord], reference: JSONValue, runID: String) throws -> (
        [PlannedOperation], [RecordFailure], [String]
    ) {
        func rows(_ entity: String) -> [Int: JSONValue] {
            Dictionary(records.filter { $0.ref.entity == entity && $0.row != .null }.map { ($0.ref.id, $0.row) }, uniquingKeysWith: { a, _ in a })
        }
        let context = MappingContext(
            settings: settings, ledger: ledger, runID: runID, items: rows("item"), sales: rows("sale"), reference: reference)
        let customers = CustomerMapper(context: context)
        let items = ItemMapper(context: context)
        let invoices = InvoiceMapper(context: context)
        let payments = PaymentMapper(context: context)
        let credits = CreditMemoMapper(context: context)
        let refunds = RefundMapper(context: context)
        let order = ["payer", "item", "patient", "sale", "payment", "return", "refund", "write_off"]
        let synced = records.filter { $0.reason.isSynced }.sorted {
            (order.firstIndex(of: $0.ref.entity) ?? 99, $0.ref.id) < (order.firstIndex(of: $1.ref.entity) ?? 99, $1.ref.id)
        }
        var byRef: [String: [PlannedOperation]] = [:]
        var failures: [String: RecordFailure] = [:]
        var unchanged: [String] = []
        for record in synced {
            let ref = record.ref.description
            do {
                let operations: [PlannedOperation]
                switch record.ref.entity {
                case "patient": operations = try customers.patient(record)
                case "payer": operations = try customers.payer(record)
                case "item": operations = try items.item(record)
                case "sale": operations = try invoices.sale(record)
                case "payment": operations = try payments.payment(record)
                case "return": operations = try credits.return(record)
                case "write_off": operations = try credits.writeOff(record)
                case "refund": operations = try refunds.refund(record)
                default:
                    throw RecordFailure(ref: ref, code: "unsupported", message: "\(ref): qbsync does not know this kind of record")
                }
                if operations.isEmpty { unchanged.append(ref) } else { byRef[ref] = operations }
            } catch let failure as RecordFailure {
                failures[ref] = failure
            }
        }
        let shared = context.required.values.sorted { $0.key < $1.key }
        propagateDependencyFailures(&byRef, &failures, shared: shared)
        let operations = (shared + byRef.keys.sorted().flatMap { byRef[$0]! }).map { operation in
            var operation = operation
            operation.breakdown = Breakdown.of(operation, context: context)
            return operation
        }
        return (operations, failures.keys.sorted().map { failures[$0]! }, unchanged.sorted())
    }

    /// A record whose operations refer to a QuickBooks object that is neither in QuickBooks nor
    /// planned in this run (its own record failed) fails too, naming what it waits for.
    private func propagateDependencyFailures(
        _ byRef: inout [String: [PlannedOperation]], _ failures: inout [String: RecordFailure], shared: [PlannedOperation]
    ) {
        var changed = true
        while changed {
            changed = false
            var plannedKeys = Set(shared.map(\.key))
            for operations in byRef.values { plannedKeys.formUnion(operations.map(\.key)) }
            for ref in byRef.keys.sorted() {
                let missing = byRef[ref]!.flatMap(\.references).map(Self.objectKey).first { key in
                    !key.hasPrefix("account ") && !plannedKeys.contains(key) && ((try? ledger.qboObject(key)) ?? nil) == nil
                }
                guard let missing else { continue }
                let owner = String(missing.split(separator: " ").dropFirst().first ?? Substring(missing))
                let reason = failures[owner].map { ": \($0.message)" } ?? ""
                failures[ref] = RecordFailure(
                    ref: ref, code: "dependency-failed",
                    message: "\(ref) needs \(owner) in QuickBooks first, and it is not there\(reason)")
                byRef[ref] = nil
                changed = true
            }
        }
    }

    /// `synctoken customer patient:5` -> `customer patient:5`.
    static func objectKey(_ placeholder: String) -> String {
        placeholder.hasPrefix("synctoken ") ? String(placeholder.dropFirst("synctoken ".count)) : placeholder
    }
}
