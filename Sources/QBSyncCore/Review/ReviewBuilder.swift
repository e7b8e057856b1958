import QBSyncJSON

/// Builds a `Review` from a transform plan whose bodies come from the batch files (so a hand
/// edit is what the review shows) and the inputs the edge gathered. A pure function of both:
/// the same plan and inputs give the same review, byte for byte once rendered.
public struct ReviewBuilder {
    let plan: TransformPlan
    let inputs: ReviewInputs
    let names: ReviewNames

    /// QuickBooks entities that are transactions (documents) rather than list entries.
    static let documentEntities: Set<String> = [
        "Invoice", "CreditMemo", "SalesReceipt", "RefundReceipt", "Payment", "Deposit", "JournalEntry", "Estimate",
        "Purchase", "Bill", "BillPayment", "VendorCredit", "Transfer",
    ]
    /// Documents that take money back: their lines count negative in account and class totals.
    static let negativeEntities: Set<String> = ["CreditMemo", "RefundReceipt", "VendorCredit"]

    /// Reads a batch's bodies when the plan was read without them.
    let bodies: (TransformPlan.Batch) throws -> TransformPlan.Batch

    /// `bodies` gives a batch with its operations' bodies (the plan's own when it has them):
    /// the builder reads one batch at a time and keeps a summary of each document, not its body.
    public init(plan: TransformPlan, inputs: ReviewInputs, bodies: @escaping (TransformPlan.Batch) throws -> TransformPlan.Batch = { $0 })
        throws
    {
        self.plan = plan
        self.inputs = inputs
        self.bodies = bodies
        names = try ReviewNames(plan: plan, inputs: inputs, bodies: bodies)
    }

    /// The review: documents, changes, totals and warnings.
    public func build() throws -> Review {
        var documents: [ReviewDocument] = []
        var changes: [ReviewChange] = []
        var unknown: [ReviewWarning] = []
        var payments: [PaymentApplications] = []
        for batch in plan.batches {
            for (bId, operation) in try bodies(batch).operations {
                if Self.documentEntities.contains(operation.entity) {
                    documents.append(document(operation, bId: bId, batch: batch.file, unknown: &unknown))
                    if operation.entity == "Payment", operation.operation == "create" {
                        payments.append(PaymentApplications(operation, batch: batch.file, bId: bId, names: names))
                    }
                } else {
                    changes.append(change(operation))
                }
            }
        }
        // A reader's order: by date, then kind and number (the load's order is in the batch files).
        documents.sort { ($0.date ?? "", $0.kind, $0.docNumber ?? "", $0.key) < ($1.date ?? "", $1.kind, $1.docNumber ?? "", $1.key) }
        var review = Review(
            run: plan.run, pipeline: inputs.pipeline, runDate: inputs.runDate, closingDate: inputs.closingDate,
            redacted: inputs.redacted, documents: documents, changes: changes, failures: plan.failures, warnings: [],
            byKind: [], byAccount: [], byClass: [], byDay: [], byCustomer: [])
        try addWarnings(to: &review, unknownReferences: unknown, payments: payments)
        addTotals(to: &review)
        return review
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
                    message: "\(batch) \(bId) (\(operation.ref) \(entity)) refers to \(what) \(key), which is neither in this run nor in QuickBooks per the ledger: the load will fail it. Run 'qbsync transform --validate --run \(plan.run)'."))
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
        let name =
            body["DisplayName"]?.stringValue ?? body["Name"]?.stringValue ?? inputs.names[operation.key]
            ?? inputs.objects[operation.key]?.name ?? ReviewNames.fallbackName(operation.key, entity: operation.entity.lowercased())
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
