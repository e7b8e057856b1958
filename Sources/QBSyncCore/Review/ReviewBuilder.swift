import Foundation

/// Builds a review a batch at a time: from the batch files as they are on disk (so a hand edit
/// is what the review shows) with `review(plan:inputs:bodies:)`, or while the transform writes
/// them (`note` each operation as it is planned, `add` each batch as it is written, then
/// `finish`). A pure function of the batches and the inputs: the same ones give the same review,
/// byte for byte once rendered.
///
/// It never keeps a body, nor the documents themselves: each document's summary goes to a
/// scratch file (`ReviewDocumentStore`) and memory holds only what ordering and the run-wide
/// checks need (totals, a few numbers and hashes a document), so reviewing a first
/// synchronization of a million changes costs no more memory than the transform's chunks.
public struct ReviewBuilder {
    let run: String
    let inputs: ReviewInputs
    private(set) var names: ReviewNames
    let store: ReviewDocumentStore
    var checks = RunChecks()
    private var totals = ReviewTotals()
    /// Changes and unknown references with where they are (batch file, position), so they come
    /// out in load order however the batches arrived.
    private var changes: [(at: Position, change: ReviewChange)] = []
    private var unknown: [(at: Position, warning: ReviewWarning)] = []
    /// Fingerprints not yet handed to `inputs.recordFingerprints`.
    private var fingerprints: [DocumentFingerprint] = []

    private struct Position: Comparable {
        var file: String
        var index: Int
        /// Batch files in load order: the names sort so (`3-documents-00017.json`), numbers as numbers.
        static func < (lhs: Position, rhs: Position) -> Bool {
            let files = lhs.file.compare(rhs.file, options: .numeric)
            return files == .orderedSame ? lhs.index < rhs.index : files == .orderedAscending
        }
    }

    /// QuickBooks entities that are transactions (documents) rather than list entries.
    static let documentEntities: Set<String> = [
        "Invoice", "CreditMemo", "SalesReceipt", "RefundReceipt", "Payment", "Deposit", "JournalEntry", "Estimate",
        "Purchase", "Bill", "BillPayment", "VendorCredit", "Transfer",
    ]
    /// Documents that take money back: their lines count negative in account and class totals.
    static let negativeEntities: Set<String> = ["CreditMemo", "RefundReceipt", "VendorCredit"]

    public init(run: String, inputs: ReviewInputs) throws {
        self.run = run
        self.inputs = inputs
        names = ReviewNames(inputs: inputs)
        store = try ReviewDocumentStore()
    }

    /// The whole review of a plan whose bodies `bodies` reads a batch at a time (the plan's own
    /// when it carries them): names first, from every batch, then the documents.
    public static func review(
        plan: TransformPlan, inputs: ReviewInputs, bodies: (TransformPlan.Batch) throws -> TransformPlan.Batch = { $0 }
    ) throws -> Review {
        try result(plan: plan, inputs: inputs, bodies: bodies).review()
    }

    /// `review(plan:inputs:bodies:)` before it is put together: for a review too big to hold.
    public static func result(
        plan: TransformPlan, inputs: ReviewInputs, bodies: (TransformPlan.Batch) throws -> TransformPlan.Batch = { $0 }
    ) throws -> ReviewResult {
        var builder = try ReviewBuilder(run: plan.run, inputs: inputs)
        for batch in plan.batches {
            let naming = [.setup, .names, .deactivations].contains(batch.wave)
            for (_, operation) in try naming ? bodies(batch).operations : batch.operations { builder.note(operation) }
        }
        for link in plan.links { builder.noteLink(link) }
        for batch in plan.batches { try builder.add(try bodies(batch)) }
        return try builder.finish(failures: plan.failures)
    }

    /// Takes note of an operation as it is planned (with its body): what names the objects
    /// documents refer to, and what each document totals (a payment may be written before the
    /// last invoices it pays). Every operation of a batch is noted before the batch is added.
    public mutating func note(_ operation: PlannedOperation) {
        let reading = EditionReader.read(operation)
        names.note(operation, reading: reading)
        // Payments pay invoices: their totals are what the overpayment check needs.
        if operation.entity == "Invoice", let reading, let cents = Self.documentCents(operation, reading) {
            checks.noteTotal(key: operation.key, cents: cents)
        }
    }

    /// Takes note of a link (`plan.json`'s `links`).
    public mutating func noteLink(_ link: PlannedOperation) { names.noteLink(link) }

    /// Summarises one batch's operations, bodies included: each document to the store with the
    /// warnings that concern it alone, and what the run-wide checks need.
    public mutating func add(_ batch: TransformPlan.Batch) throws {
        // The document is kept, not its label: the label is worded only for a duplicate found.
        var candidates: [(ordinal: Int, print: DocumentFingerprint, document: ReviewDocument)] = []
        for (index, (bId, operation)) in batch.operations.enumerated() {
            let at = Position(file: batch.file, index: index)
            guard Self.documentEntities.contains(operation.entity) else {
                changes.append((at, change(operation, EditionReader.read(operation))))
                continue
            }
            var found: [ReviewWarning] = []
            let reading = EditionReader.read(operation) ?? ReadDocument(entity: operation.entity, kind: nil, operation: .create)
            let document = document(operation, reading, bId: bId, batch: batch.file, unknown: &found)
            unknown += found.map { (at, $0) }
            if let cents = document.cents, document.entity == "Invoice" { checks.noteTotal(key: document.key, cents: cents) }
            var flags = documentFlags(document)
            var messages: [ReviewWarning] = []
            if operation.entity == "Payment", operation.operation == "create" {
                messages = overpayments(reading, document)
                if !messages.isEmpty { flags.insert(.overpayment) }
            }
            let ordinal = try store.append(document, flags: flags)
            if !messages.isEmpty { checks.messages[ordinal, default: []] += messages }
            checks.record(document, ordinal: ordinal)
            totals.add(document)
            if let print = Review.fingerprint(document, run: run) { candidates.append((ordinal, print, document)) }
        }
        try checkDuplicatesInQuickBooks(candidates)
        fingerprints += candidates.map(\.print)
        if fingerprints.count >= 2_000 { try recordFingerprints() }
    }

    /// The run-wide checks (duplicates in the run, unusually large amounts) over everything
    /// added, and the review ready to be put together or written a document at a time.
    /// The builder hands everything over and starts empty: a first synchronization's review
    /// must not be held twice.
    public mutating func finish(failures: [RecordFailure]) throws -> ReviewResult {
        try recordFingerprints()
        var finished = checks
        checks = RunChecks()
        finished.finish(store: store, thresholds: inputs.thresholds)
        // A change whose body names nothing (a deactivation) takes the name the ledger gives it.
        let inputs = inputs
        let named = Self.inLoadOrder(changes).map { change in
            var change = change
            if change.name.isEmpty {
                change.name =
                    inputs.name(change.key) ?? inputs.object(change.key)?.name
                    ?? ReviewNames.fallbackName(change.key, entity: change.entity.lowercased())
            }
            return change
        }
        let result = ReviewResult(
            run: run, inputs: inputs, store: store, checks: finished, totals: totals, changes: named,
            unknownReferences: Self.inLoadOrder(unknown), failures: failures)
        (changes, unknown, totals, names) = ([], [], ReviewTotals(), ReviewNames(inputs: inputs))
        return result
    }

    /// Hands the pending fingerprints over in key order (each insert then lands beside the last
    /// in the ledger's index, not anywhere in a b-tree larger than its page cache).
    private mutating func recordFingerprints() throws {
        defer { fingerprints = [] }
        guard let record = inputs.recordFingerprints, !fingerprints.isEmpty else { return }
        try record(fingerprints.sorted { $0.key < $1.key })
    }

    /// The items in load order; a position's own items keep theirs.
    private static func inLoadOrder<T>(_ items: [(at: Position, T)]) -> [T] {
        // Each batch file's place in load order is worked out once, not in every comparison.
        let files = Set(items.map(\.at.file)).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($0.element, $0.offset) })
        let keys = items.enumerated().map { (file: rank[$0.element.at.file] ?? 0, index: $0.element.at.index, offset: $0.offset) }
        return keys.sorted { ($0.file, $0.index, $0.offset) < ($1.file, $1.index, $1.offset) }.map { items[$0.offset].1 }
    }

    /// What a document totals, from its reading alone (`document` gives the same figure).
    static func documentCents(_ operation: PlannedOperation, _ reading: ReadDocument) -> Int? {
        guard operation.operation == "create" || operation.operation == "update" else { return nil }
        return operation.entity == "Payment" ? reading.paymentCents : reading.cents
    }

    private func document(
        _ operation: PlannedOperation, _ reading: ReadDocument, bId: String, batch: String, unknown: inout [ReviewWarning]
    ) -> ReviewDocument {
        let entity = operation.entity
        let status: ReviewDocument.Status =
            switch operation.operation {
            case "create": inputs.object(operation.key) == nil ? .new : .already
            case "update": .change
            default: .void
            }
        var document = ReviewDocument(
            kind: ReviewFormat.kind(entity: entity, operation: operation.operation, key: operation.key), entity: entity, operation: operation.operation,
            status: status, key: operation.key, ref: operation.ref, batch: batch, bId: bId,
            docNumber: reading.number ?? inputs.object(operation.key)?.docNumber, customerKey: nil, customer: "",
            date: reading.date, cents: nil, sign: Self.negativeEntities.contains(entity) ? -1 : 1, lines: [],
            expectedCents: operation.expectedCents)
        let referrer = Referrer(ref: operation.ref, key: operation.key, entity: entity, batch: batch, bId: bId)
        if let value = reading.customer?.value {
            let customer = names.customer(value)
            document.customerKey = customer.key
            document.customer = customer.name
            check(customer.key, "customer", by: referrer, into: &unknown)
        }
        if status == .void {
            document.voidedCents = inputs.object(operation.key)?.totalCents
            return document
        }
        if entity == "Payment" {
            let deposit = reading.depositAccount.map { names.account($0.value) } ?? inputs.mapping.depositAccount
            let total = reading.paymentCents
            document.cents = total
            document.lines = [ReviewLine(cents: total, account: deposit, className: nil, item: nil)]
            return document
        }
        for line in reading.lines ?? [] {
            if let reviewed = reviewLine(line, documentClass: reading.documentClass?.value, referrer: referrer, unknown: &unknown) {
                document.lines.append(reviewed)
            }
        }
        document.cents = reading.lines == nil ? reading.totalCents : document.lines.map(\.cents).reduce(0, +)
        return document
    }

    /// The document a reference is checked for, and where it is.
    private struct Referrer {
        var ref: String
        var key: String
        var entity: String
        var batch: String
        var bId: String
    }

    /// Warns of `key` (a `what`: customer, item, class) when neither this run nor the ledger
    /// knows it. A method, not a closure: a closure over the builder copied it for every document.
    private func check(_ key: String, _ what: String, by referrer: Referrer, into unknown: inout [ReviewWarning]) {
        guard !key.hasPrefix("id:"), !names.isKnown(key) else { return }
        unknown.append(
            ReviewWarning(
                code: "unknown-reference", ref: referrer.ref, key: referrer.key,
                message: "\(referrer.batch) \(referrer.bId) (\(referrer.ref) \(referrer.entity)) refers to \(what) \(key), which is neither in this run nor in QuickBooks per the ledger: the load will fail it. Run 'qbsync transform --validate --run \(run)'."))
    }

    /// One line as it posts; nil for lines that post nothing (subtotals, descriptions).
    private func reviewLine(_ line: ReadLine, documentClass: String?, referrer: Referrer, unknown: inout [ReviewWarning]) -> ReviewLine? {
        let classValue = line.lineClass?.value ?? documentClass
        if let classValue { check(names.key(for: classValue, qboType: "Class"), "class", by: referrer, into: &unknown) }
        guard let cents = line.postedCents else { return nil }
        let className = classValue.map(names.className)
        switch line.posting {
        case .item:
            guard let itemValue = line.item?.value else {
                return ReviewLine(cents: cents, account: "(no item)", className: className ?? "(no class)", item: nil)
            }
            check(names.key(for: itemValue, qboType: "Item"), "item", by: referrer, into: &unknown)
            let item = names.item(itemValue)
            return ReviewLine(cents: cents, account: item.account, className: className ?? "(no class)", item: item.name)
        case .discount:
            let account = line.account.map { names.account($0.value) } ?? "Discounts given"
            return ReviewLine(cents: cents, account: account, className: className ?? "(no class)", item: nil)
        case .account:
            let account = line.account.map { names.account($0.value) } ?? "(no account)"
            return ReviewLine(cents: cents, account: account, className: className, item: nil)
        case .none:
            return nil
        }
    }

    private func change(_ operation: PlannedOperation, _ reading: ReadDocument?) -> ReviewChange {
        // Empty: named by `finish`, from the ledger's names as they are then.
        let name = reading?.name ?? ""
        var action: String
        switch operation.operation {
        case "create": action = inputs.object(operation.key) == nil ? "new" : "already in QuickBooks"
        case "update": action = reading?.operation == .deactivate && reading?.active == false ? "made inactive" : "change"
        default: action = operation.operation
        }
        return ReviewChange(entity: operation.entity, action: action, key: operation.key, ref: operation.ref, name: name)
    }
}
