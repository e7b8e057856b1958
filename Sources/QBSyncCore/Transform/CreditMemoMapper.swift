import QBSyncJSON

/// Returns and write-offs -> credit memos, each applied to the invoice it reduces up to that
/// invoice's open balance (the rest stays a credit on the customer). A return credits the
/// patient for the returned lines, tax included, on the lines' items, so income falls by the
/// return once; a write-off credits the invoice's customer on the write-off item.
///
/// The load keeps an application to what the invoice still has open (`PaymentSettlement`): an
/// OMS sale settled more than fully (paid in full and written off) leaves the rest of the
/// credit on the customer.
struct CreditMemoMapper {
    /// An open return or an active write-off asks for its credit memo's number.
    static func claims(_ record: ExtractedRecord) -> [ClaimRequest] {
        guard let row = try? RowReader(ref: record.ref.description, row: record.row), let status = try? row.string("status") else { return [] }
        let key = ObjectKey.creditMemo(record.ref)
        if record.ref.entity == OMSEntity.writeOff.name {
            return status == "active" ? [.docNumber(kind: .creditMemo, key: key, base: "WO-\(record.ref.id)")] : []
        }
        guard status == "open", let number = try? row.string("number") else { return [] }
        return [.docNumber(kind: .creditMemo, key: key, base: number)]
    }

    static func `return`(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = ObjectKey.creditMemo(record.ref)
        let status = try row.string("status")
        if status == "void" {
            guard let existing = inputs.holdings.object(key), existing.active else { return [] }
            throw manual(ref, "was voided in the OMS after its credit memo was posted")
        }
        guard status == "open" else { throw row.bad("status", "is not open or void") }
        let saleID = try row.int("sale_id")
        let sale = try saleRow(saleID, for: ref, inputs: inputs)
        let lines = try sale.children("lines").map { try RowReader(ref: ref, row: $0) }
        let classKey = try inputs.classKey(locationID: try sale.int("location_id"), for: ref, needs: &needs)
        var memoLines: [SalesLineChange] = []
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
            let item = try itemKey(itemID: try saleLine.int("item_id"), ref: ref, inputs: inputs, needs: &needs)
            memoLines.append(SalesLineChange(item: item, classKey: classKey, cents: cents))
        }
        guard total > 0 else {
            throw RecordFailure(
                ref: ref, code: "oms-no-lines", message: "\(ref) credits nothing: it has no lines with an amount. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        let amounts = try SaleAmounts(sale: sale)
        let patientInvoice = amounts.patientCents != 0 || amounts.payers.isEmpty
        let number = try row.string("number")
        let saleRef = OMSRef(OMSEntity.sale.name, saleID)
        return try creditMemo(
            key: key, owner: record.ref, customer: .patient(try sale.int("patient_id")), date: try row.date("return_date"), lines: memoLines,
            cents: total, invoice: patientInvoice ? inputs.saleInvoice(saleRef, .patient) : nil, applied: nil, omsNumber: number, inputs: inputs)
    }

    static func writeOff(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = ObjectKey.creditMemo(record.ref)
        let status = try row.string("status")
        if status == "deleted" {
            guard let existing = inputs.holdings.object(key), existing.active else { return [] }
            throw manual(ref, "was deleted in the OMS after its credit memo was posted")
        }
        guard status == "active" else { throw row.bad("status", "is not active or deleted") }
        let saleID = try row.int("sale_id")
        let sale = try saleRow(saleID, for: ref, inputs: inputs)
        let payer = row.optionalInt("payer_id")
        let cents = try row.int("amount_cents")
        guard cents > 0 else { throw row.bad("amount_cents", "must be more than zero") }
        let classKey = try inputs.classKey(locationID: try sale.int("location_id"), for: ref, needs: &needs)
        let patient = try sale.int("patient_id")
        let saleRef = OMSRef(OMSEntity.sale.name, saleID)
        let date = try row.date("write_off_date")
        let line = SalesLineChange(item: try inputs.genericItemKey("write_off", needs: &needs), classKey: classKey, cents: cents)
        return try creditMemo(
            key: key, owner: record.ref, customer: payer.map(ObjectKey.payer) ?? .patient(patient), date: date, lines: [line], cents: cents,
            invoice: inputs.saleInvoice(saleRef, payer.map { .payer($0) } ?? .patient), applied: cents, omsNumber: "WO-\(record.ref.id)", inputs: inputs)
    }

    /// The credit memo, and when it is new, its application to `invoice`: up to `applied` cents
    /// with the payments (a write-off forgives its amount, or what the payments left open), or
    /// when nil whatever is still open once the payments are in (a return's credit). The rest
    /// stays a credit on the customer.
    private static func creditMemo(
        key: ObjectKey, owner: OMSRef, customer: ObjectKey, date: String, lines: [SalesLineChange], cents: Int, invoice: ObjectKey?,
        applied: Int?, omsNumber: String, inputs: MapperInputs
    ) throws -> [PlannedChange] {
        let ref = owner.description
        var memo = SalesDocument(customer: customer, number: try inputs.claims.docNumber(key), date: date, lines: lines, note: "qbsync \(ref)")
        memo.omsNumber = omsNumber
        guard
            let change = inputs.upsert(
                PlannedChange(
                    key: key, ref: ref, operation: .create, change: .creditMemo(memo), wave: .documents, identifiedBy: memo.number,
                    expectedCents: cents))
        else { return [] }
        guard change.operation == .create, let invoice else { return [change] }
        let reference = "A" + memo.number.suffix(20)
        let application = CreditApplication(
            customer: customer, date: date, document: invoice, credit: key, cents: applied, reference: reference, note: "qbsync \(ref) applied")
        return [
            change,
            PlannedChange(
                key: .application(owner), ref: ref, operation: .apply, change: .creditApplication(application),
                wave: applied == nil ? .applications : .settlements, identifiedBy: reference),
        ]
    }

    private static func saleRow(_ saleID: Int, for ref: String, inputs: MapperInputs) throws -> RowReader {
        guard let sale = inputs.reference.sales.row(saleID) else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) belongs to sale:\(saleID), which the OMS does not have. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        return try RowReader(ref: "sale:\(saleID)", row: sale)
    }

    private static func itemKey(itemID: Int, ref: String, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> ObjectKey {
        guard let kind = inputs.reference.items[itemID]?["kind"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) returns item \(itemID), which the OMS does not have. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        return try inputs.itemKey(itemID: itemID, kind: kind, needs: &needs)
    }

    private static func manual(_ ref: String, _ what: String) -> RecordFailure {
        RecordFailure(
            ref: ref, code: "posted-change",
            message: "\(ref) \(what); qbsync does not unwind applied credits. Remove it in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
            needsManualEntry: true)
    }
}
