import QBSyncJSON

/// Returns and write-offs -> QuickBooks credit memos, each applied to the invoice it reduces up
/// to that invoice's open balance (the rest stays a credit on the customer). A return credits
/// the patient for the returned lines, tax included, on the lines' items, so income falls by the
/// return once; a write-off credits the invoice's customer on the write-off item.
///
/// QuickBooks applies a credit memo through a payment of zero linking both documents. The load
/// keeps it to what the invoice still has open (`PaymentSettlement`): an OMS sale settled more
/// than fully (paid in full and written off) leaves the rest of the credit on the customer.
struct CreditMemoMapper {
    let context: MappingContext

    func `return`(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = "creditmemo \(ref)"
        let status = try row.string("status")
        if status == "void" {
            guard let existing = try context.object(key), existing.active else { return [] }
            throw manual(ref, "was voided in the OMS after its credit memo was posted")
        }
        guard status == "open" else { throw row.bad("status", "is not open or void") }
        let saleID = try row.int("sale_id")
        let sale = try saleRow(saleID, for: ref)
        let lines = try sale.children("lines").map { try RowReader(ref: ref, row: $0) }
        let classKey = try context.classKey(locationID: try sale.int("location_id"), for: ref)
        var memoLines: [JSONValue] = []
        var total = 0
        for child in row.children("lines") {
            let returned = try RowReader(ref: ref, row: child)
            let saleLineID = try returned.int("sale_line_id")
            guard let saleLine = try lines.first(where: { try $0.int("id") == saleLineID }) else {
                throw returned.bad("sale_line_id", "names a line that sale:\(saleID) does not have")
            }
            let cents = try returned.int("amount_cents")
            guard cents >= 0 else { throw returned.bad("amount_cents", "is negative") }
            total += cents
            memoLines.append(SalesLine.json(itemKey: try itemKey(itemID: try saleLine.int("item_id"), ref: ref), cents: cents, classKey: classKey))
        }
        guard total > 0 else {
            throw RecordFailure(
                ref: ref, code: "oms-no-lines", message: "\(ref) credits nothing: it has no lines with an amount. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        let amounts = try SaleAmounts(sale: sale)
        let patientInvoice = amounts.patientCents != 0 || amounts.payers.isEmpty
        return try creditMemo(
            key: key, ref: ref, customer: "customer patient:\(try sale.int("patient_id"))", number: try row.string("number"),
            date: try row.date("return_date"), lines: memoLines, cents: total,
            invoice: patientInvoice ? "invoice sale:\(saleID) patient" : nil, applied: nil)
    }

    func writeOff(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = "creditmemo \(ref)"
        let status = try row.string("status")
        if status == "deleted" {
            guard let existing = try context.object(key), existing.active else { return [] }
            throw manual(ref, "was deleted in the OMS after its credit memo was posted")
        }
        guard status == "active" else { throw row.bad("status", "is not active or deleted") }
        let saleID = try row.int("sale_id")
        let sale = try saleRow(saleID, for: ref)
        let payer = row.optionalInt("payer_id")
        let cents = try row.int("amount_cents")
        guard cents > 0 else { throw row.bad("amount_cents", "must be more than zero") }
        let classKey = try context.classKey(locationID: try sale.int("location_id"), for: ref)
        let patient = try sale.int("patient_id")
        let customer = payer.map { "customer payer:\($0)" } ?? "customer patient:\(patient)"
        let billTo = payer.map { "payer:\($0)" } ?? "patient"
        return try creditMemo(
            key: key, ref: ref, customer: customer, number: "WO-\(record.ref.id)", date: try row.date("write_off_date"),
            lines: [SalesLine.json(itemKey: try context.genericItemKey("write_off"), cents: cents, classKey: classKey)], cents: cents,
            invoice: "invoice sale:\(saleID) \(billTo)", applied: cents)
    }

    /// The credit memo, and when it is new, its application to `invoice`: up to `applied` cents
    /// with the payments (a write-off forgives its amount, or what the payments left open), or
    /// when nil whatever is still open once the payments are in (a return's credit). The rest
    /// stays a credit on the customer.
    private func creditMemo(
        key: String, ref: String, customer: String, number: String, date: String, lines: [JSONValue], cents: Int, invoice: String?,
        applied: Int?
    ) throws -> [PlannedOperation] {
        let docNumber = try context.ledger.docNumber(docType: "CreditMemo", key: key) {
            QBONames.docNumberCandidate(number, attempt: $0)
        }
        let body: JSONValue = [
            "CustomerRef": Placeholder.ref(customer), "DocNumber": .string(docNumber), "TxnDate": .string(date),
            "Line": .array(lines), "PrivateNote": .string("qbsync \(ref)"),
        ]
        guard
            let memo = try context.upsert(
                key: key, ref: ref, entity: "CreditMemo", body: body, wave: .documents,
                lookup: Lookup(entity: "CreditMemo", field: "DocNumber", value: docNumber), expectedCents: cents)
        else { return [] }
        guard memo.operation == "create", let invoice else { return [memo] }
        let reference = "A" + docNumber.suffix(20)
        let amount: JSONValue = applied.map { .cents($0) } ?? .string(OpenBalance.placeholder)
        let application = PlannedOperation(
            key: "application \(ref)", ref: ref, entity: "Payment", operation: "create",
            body: [
                "CustomerRef": Placeholder.ref(customer), "TotalAmt": .cents(0), "TxnDate": .string(date),
                "PaymentRefNum": .string(String(reference)), "PrivateNote": .string("qbsync \(ref) applied"),
                "Line": [
                    ["Amount": amount, "LinkedTxn": [["TxnId": Placeholder.id(invoice), "TxnType": "Invoice"]]],
                    ["Amount": amount, "LinkedTxn": [["TxnId": Placeholder.id(key), "TxnType": "CreditMemo"]]],
                ],
            ], wave: applied == nil ? .applications : .settlements, lookup: Lookup(entity: "Payment", field: "PaymentRefNum", value: String(reference)))
        return [memo, application]
    }

    private func saleRow(_ saleID: Int, for ref: String) throws -> RowReader {
        guard let sale = context.sales.row(saleID) else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) belongs to sale:\(saleID), which the OMS does not have. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        return try RowReader(ref: "sale:\(saleID)", row: sale)
    }

    private func itemKey(itemID: Int, ref: String) throws -> String {
        guard let kind = context.items[itemID]?["kind"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) returns item \(itemID), which the OMS does not have. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        return context.isGeneric(kind: kind) ? try context.genericItemKey(kind) : context.itemKey(itemID: itemID)
    }

    private func manual(_ ref: String, _ what: String) -> RecordFailure {
        RecordFailure(
            ref: ref, code: "posted-change",
            message: "\(ref) \(what); qbsync does not unwind applied credits. Remove it in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
            needsManualEntry: true)
    }
}

/// `@open-balance`: the amount of a credit application with no limit of its own, settled by the
/// load as the smaller of the invoice's open balance and the credit memo's remaining credit, as
/// QuickBooks reports them.
enum OpenBalance {
    static let placeholder = "@open-balance"
}
