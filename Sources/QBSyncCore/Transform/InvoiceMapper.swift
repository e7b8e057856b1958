import QBSyncJSON

/// A sale -> one invoice to the patient for the patient's share of each line, and one invoice to
/// each third party for its allocations. Tax reaches QuickBooks as one line on the patient's
/// invoice using the tax item, so every invoice totals its share to the cent whatever the
/// company's sales-tax setup; every line carries the location's class.
struct InvoiceMapper {
    /// The document numbers an open sale asks for: its patient's invoice when the patient is
    /// billed anything, and one per third party (`1042-T3`).
    static func claims(_ record: ExtractedRecord) -> [ClaimRequest] {
        guard let sale = try? RowReader(ref: record.ref.description, row: record.row), (try? sale.string("status")) == "open",
            let number = try? sale.string("number"), let amounts = try? SaleAmounts(sale: sale)
        else { return [] }
        var claims: [ClaimRequest] = []
        if billsPatient(amounts) {
            claims.append(.docNumber(kind: .invoice, key: .invoice(record.ref, .patient), base: number))
        }
        for payer in amounts.payers {
            claims.append(.docNumber(kind: .invoice, key: .invoice(record.ref, .payer(payer)), base: number + "-T\(payer)"))
        }
        return claims
    }

    /// Whether the patient's invoice has a line: a share of some line, its tax, or every line
    /// when no third party is billed.
    private static func billsPatient(_ amounts: SaleAmounts) -> Bool {
        amounts.taxCents != 0 || amounts.payers.isEmpty || amounts.lines.contains { $0.patientNetCents != 0 }
    }

    static func sale(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let sale = try RowReader(ref: ref, row: record.row)
        let status = try sale.string("status")
        let existing = inputs.holdings.active(.invoice)
        if status == "void" {
            return existing.map { .void($0.key, ref: ref, wave: .documents) }
        }
        guard status == "open" else { throw sale.bad("status", "is not open or void") }
        let date = try sale.date("sale_date")
        let dueDate = try sale.optionalDate("due_date")
        let classKey = try inputs.classKey(locationID: try sale.int("location_id"), for: ref, needs: &needs)
        let amounts = try SaleAmounts(sale: sale)
        let customer = ObjectKey.patient(try sale.int("patient_id"))

        var changes: [PlannedChange] = []
        var keptUnchanged: Set<ObjectKey> = []
        let number = try sale.string("number")
        func invoice(_ key: ObjectKey, customer: ObjectKey, lines: [SalesLineChange], cents: Int) throws {
            var document = SalesDocument(customer: customer, number: try inputs.claims.docNumber(key), date: date, lines: lines, note: "qbsync \(ref)")
            document.dueDate = dueDate
            if case .payer(let payer) = key.role { document.omsNumber = number + "-T\(payer)" } else { document.omsNumber = number }
            let change = PlannedChange(
                key: key, ref: ref, operation: .create, change: .invoice(document), wave: .documents, identifiedBy: document.number,
                expectedCents: cents)
            if let upsert = inputs.upsert(change) { changes.append(upsert) } else { keptUnchanged.insert(key) }
        }
        let patientLines = try amounts.lines.compactMap { line -> SalesLineChange? in
            guard line.patientNetCents != 0 || amounts.payers.isEmpty else { return nil }
            return try itemLine(
                line, cents: line.patientNetCents, fullPrice: line.allocations.isEmpty && line.discountCents == 0, classKey: classKey, ref: ref,
                inputs: inputs, needs: &needs)
        }
        var taxLines: [SalesLineChange] = []
        if amounts.taxCents != 0 {
            taxLines.append(SalesLineChange(item: try inputs.genericItemKey("sales_tax", needs: &needs), classKey: classKey, cents: amounts.taxCents))
        }
        if !(patientLines + taxLines).isEmpty {
            try invoice(.invoice(record.ref, .patient), customer: customer, lines: patientLines + taxLines, cents: amounts.patientCents)
        }
        for payer in amounts.payers {
            let lines = try amounts.lines.compactMap { line -> SalesLineChange? in
                let cents = line.allocations.filter { $0.payer == payer }.reduce(0) { $0 + $1.cents }
                guard cents != 0 else { return nil }
                return try itemLine(line, cents: cents, fullPrice: false, classKey: classKey, ref: ref, inputs: inputs, needs: &needs)
            }
            try invoice(.invoice(record.ref, .payer(payer)), customer: .payer(payer), lines: lines, cents: amounts.payerCents(payer))
        }
        // An edited sale keeps one live invoice per bill-to: changed ones are updated in place
        // (payments stay linked), a bill-to the sale no longer has is voided.
        let planned = Set(changes.map(\.key)).union(keptUnchanged)
        for invoice in existing where !planned.contains(invoice.key) {
            changes.append(.void(invoice.key, ref: ref, wave: .documents))
        }
        return changes
    }

    /// A line for an OMS sale line: with quantity and unit price when the share is exactly their
    /// product, else the amount alone (QuickBooks refuses a quantity x price that differs).
    private static func itemLine(
        _ line: SaleAmounts.Line, cents: Int, fullPrice: Bool, classKey: ObjectKey, ref: String, inputs: MapperInputs,
        needs: inout [SharedNeed]
    ) throws -> SalesLineChange {
        guard let kind = inputs.reference.items[line.itemID]?["kind"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) sells item \(line.itemID), which the OMS does not have. Correct the sale in the OMS, then 'qbsync retry \(ref)'.")
        }
        var change = SalesLineChange(item: try inputs.itemKey(itemID: line.itemID, kind: kind, needs: &needs), classKey: classKey, cents: cents)
        if fullPrice, line.quantityMilli != 0, cents == line.grossCents, (line.quantityMilli * line.unitPriceCents) % 1000 == 0 {
            change.quantityMilli = line.quantityMilli
            change.unitPriceCents = line.unitPriceCents
        }
        return change
    }
}
