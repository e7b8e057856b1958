import Foundation
import QBSyncJSON

/// Builds a `Review` a batch at a time: from the batch files as they are on disk (so a hand
/// edit is what the review shows) with `review(plan:inputs:bodies:)`, or while the transform
/// writes them (`note` each operation as it is planned, `add` each batch as it is written).
/// A pure function of the batches and the inputs: the same ones give the same review, byte for
/// byte once rendered. It keeps a summary of each document, never a body.
public struct ReviewBuilder {
    let run: String
    private(set) var inputs: ReviewInputs
    private(set) var names: ReviewNames
    private var documents: [ReviewDocument] = []
    /// Changes, unknown references and payments with where they are (batch file, position), so
    /// they come out in load order however the batches arrived.
    private var changes: [(at: Position, change: ReviewChange)] = []
    private var unknown: [(at: Position, warning: ReviewWarning)] = []
    private var payments: [(at: Position, payment: PaymentApplications)] = []

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

    public init(run: String, inputs: ReviewInputs) {
        self.run = run
        self.inputs = inputs
        names = ReviewNames(inputs: inputs)
    }

    /// The review of a whole plan whose bodies `bodies` reads a batch at a time (the plan's own
    /// when it carries them): names first, from every batch, then the documents.
    public static func review(
        plan: TransformPlan, inputs: ReviewInputs, bodies: (TransformPlan.Batch) throws -> TransformPlan.Batch = { $0 }
    ) throws -> Review {
        var builder = ReviewBuilder(run: plan.run, inputs: inputs)
        for batch in plan.batches {
            let naming = [.setup, .names, .deactivations].contains(batch.wave)
            for (_, operation) in try naming ? bodies(batch).operations : batch.operations { builder.note(operation) }
        }
        for link in plan.links { builder.noteLink(link) }
        for batch in plan.batches { builder.add(try bodies(batch)) }
        return try builder.finish(failures: plan.failures)
    }

    /// Takes note of an operation as it is planned (with its body): what names the objects
    /// documents refer to. Every operation of a batch is noted before the batch is added.
    public mutating func note(_ operation: PlannedOperation) { names.note(operation) }

    /// Takes note of a link (`plan.json`'s `links`).
    public mutating func noteLink(_ link: PlannedOperation) { names.noteLink(link) }

    /// Summarises one batch's operations, bodies included.
    public mutating func add(_ batch: TransformPlan.Batch) {
        for (index, (bId, operation)) in batch.operations.enumerated() {
            let at = Position(file: batch.file, index: index)
            if Self.documentEntities.contains(operation.entity) {
                var found: [ReviewWarning] = []
                documents.append(document(operation, bId: bId, batch: batch.file, unknown: &found))
                unknown += found.map { (at, $0) }
                if operation.entity == "Payment", operation.operation == "create" {
                    payments.append((at, PaymentApplications(operation, batch: batch.file, bId: bId, names: names)))
                }
            } else {
                changes.append((at, change(operation)))
            }
        }
    }

    /// Takes the ledger's names as they are now: a transform claims names while it plans, after
    /// the builder was made.
    public mutating func useNames(_ given: [String: String], sources: [String: String]) {
        inputs.names = given
        inputs.nameSources = sources
        names.useNames(given, sources: sources)
    }

    /// The review: documents, changes, totals and warnings.
    public func finish(failures: [RecordFailure]) throws -> Review {
        var documents = documents
        // A change whose body names nothing (a deactivation) takes the name the ledger gives it.
        let changes = Self.inLoadOrder(changes).map { change in
            var change = change
            if change.name.isEmpty {
                change.name =
                    inputs.names[change.key] ?? inputs.objects[change.key]?.name
                    ?? ReviewNames.fallbackName(change.key, entity: change.entity.lowercased())
            }
            return change
        }
        // A reader's order: by date, then kind and number (the load's order is in the batch files).
        documents.sort { ($0.date ?? "", $0.kind, $0.docNumber ?? "", $0.key) < ($1.date ?? "", $1.kind, $1.docNumber ?? "", $1.key) }
        var review = Review(
            run: run, pipeline: inputs.pipeline, runDate: inputs.runDate, closingDate: inputs.closingDate,
            redacted: inputs.redacted, documents: documents, changes: changes, failures: failures,
            warnings: [], byKind: [], byAccount: [], byClass: [], byDay: [], byCustomer: [])
        try addWarnings(
            to: &review, unknownReferences: Self.inLoadOrder(unknown), payments: Self.inLoadOrder(payments))
        addTotals(to: &review)
        return review
    }

    /// The items in load order; a position's own items keep theirs.
    private static func inLoadOrder<T>(_ items: [(at: Position, T)]) -> [T] {
        items.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element.1)
    }

    /// What a payment applies, by line: kept instead of its body for the overpayment check.
    struct PaymentApplications {
        /// Where the payment is: `batches/4-payments-refunds-00001.json b3`.
        var position: String
        var lines: [(cents: Int, keys: [String])]

        init(_ operation: PlannedOperation, batch: String, bId: String, names: ReviewNames) {
            position = batch + " " + bId
            lines = (operation.body["Line"]?.arrayValue ?? []).map { line in
                let keys = (line["LinkedTxn"]?.arrayValue ?? []).map { link in
                    names.key(for: link["TxnId"]?.stringValue ?? "", qboType: link["TxnType"]?.stringValue ?? "Invoice")
                }
                return (line["Amount"]?.centsValue ?? 0, keys)
            }
        }
    }

    private func document(_ operation: PlannedOperation, bId: String, batch: String, unknown: inout [ReviewWarning]) -> ReviewDocument {
        let body = operation.body
        let entity = operation.entity
        let status: ReviewDocument.Status =
            switch operation.operation {
            case "create": inputs.objects[operation.key] == nil ? .new : .already
            case "update": .change
            default: .void
            }
        var document = ReviewDocument(
            kind: ReviewFormat.kind(entity: entity, operation: operation.operation), entity: entity, operation: operation.operation,
            status: status, key: operation.key, ref: operation.ref, batch: batch, bId: bId,
            docNumber: body["DocNumber"]?.stringValue ?? inputs.objects[operation.key]?.docNumber, customerKey: nil, customer: "",
            date: body["TxnDate"]?.stringValue, cents: nil, sign: Self.negativeEntities.contains(entity) ? -1 : 1, lines: [],
            expectedCents: operation.expectedCents)
        func check(_ key: String, _ what: String) {
            guard !key.hasPrefix("id:"), !names.isKnown(key) else { return }
            unknown.append(
                ReviewWarning(
                    code: "unknown-reference", ref: operation.ref, key: operation.key,
                    message: "\(batch) \(bId) (\(operation.ref) \(entity)) refers to \(what) \(key), which is neither in this run nor in QuickBooks per the ledger: the load will fail it. Run 'qbsync transform --validate --run \(run)'."))
        }
        if let value = body["CustomerRef"]?["value"]?.stringValue {
            let customer = names.customer(value)
            document.customerKey = customer.key
            document.customer = customer.name
            check(customer.key, "customer")
        }
        if status == .void {
            document.voidedCents = inputs.objects[operation.key]?.totalCents
            return document
        }
        if entity == "Payment" {
            let deposit = body["DepositToAccountRef"]?["value"]?.stringValue.map(names.account) ?? inputs.mapping.depositAccount
            let lineSum = (body["Line"]?.arrayValue ?? []).compactMap { $0["Amount"]?.centsValue }.reduce(0, +)
            let total = body["TotalAmt"]?.centsValue ?? lineSum
            document.cents = total
            document.lines = [ReviewLine(cents: total, account: deposit, className: nil, item: nil)]
            return document
        }
        for line in body["Line"]?.arrayValue ?? [] {
            if let reviewed = reviewLine(line, documentClass: body["ClassRef"]?["value"]?.stringValue, check: check) {
                document.lines.append(reviewed)
            }
        }
        if body["Line"] != nil {
            document.cents = document.lines.map(\.cents).reduce(0, +)
        } else {
            document.cents = body["TotalAmt"]?.centsValue
        }
        return document
    }

    /// One line as it posts; nil for lines that post nothing (subtotals, descriptions).
    private func reviewLine(_ line: JSONValue, documentClass: String?, check: (String, String) -> Void) -> ReviewLine? {
        let cents = line["Amount"]?.centsValue ?? 0
        let detailType = line["DetailType"]?.stringValue ?? ""
        let detail = line[detailType]
        let classValue = detail?["ClassRef"]?["value"]?.stringValue ?? documentClass
        if let classValue { check(names.key(for: classValue, qboType: "Class"), "class") }
        let className = classValue.map(names.className)
        switch detailType {
        case "SalesItemLineDetail":
            guard let itemValue = detail?["ItemRef"]?["value"]?.stringValue else {
                return ReviewLine(cents: cents, account: "(no item)", className: className ?? "(no class)", item: nil)
            }
            check(names.key(for: itemValue, qboType: "Item"), "item")
            let item = names.item(itemValue)
            return ReviewLine(cents: cents, account: item.account, className: className ?? "(no class)", item: item.name)
        case "DiscountLineDetail":
            let account = detail?["DiscountAccountRef"]?["value"]?.stringValue.map(names.account) ?? "Discounts given"
            return ReviewLine(cents: -cents, account: account, className: className ?? "(no class)", item: nil)
        case "DepositLineDetail", "AccountBasedExpenseLineDetail", "JournalEntryLineDetail":
            let account = detail?["AccountRef"]?["value"]?.stringValue.map(names.account) ?? "(no account)"
            let sign = detail?["PostingType"]?.stringValue == "Credit" ? -1 : 1
            return ReviewLine(cents: sign * cents, account: account, className: className, item: nil)
        default:
            return nil
        }
    }

    private func change(_ operation: PlannedOperation) -> ReviewChange {
        let body = operation.body
        // Empty: named by `finish`, from the ledger's names as they are then.
        let name = body["DisplayName"]?.stringValue ?? body["Name"]?.stringValue ?? ""
        var action: String
        switch operation.operation {
        case "create": action = inputs.objects[operation.key] == nil ? "new" : "already in QuickBooks"
        case "update":
            let substantive = Set(body.objectValue?.keys.map { $0 } ?? []).subtracting(["Id", "SyncToken", "sparse", "Active"])
            action = substantive.isEmpty && body["Active"]?.boolValue == false ? "made inactive" : "change"
        default: action = operation.operation
        }
        return ReviewChange(entity: operation.entity, action: action, key: operation.key, ref: operation.ref, name: name)
    }
}
