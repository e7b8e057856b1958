import QBSyncJSON

/// A sale -> one invoice to the patient for the patient's share of each line, and one invoice to
/// each third party for its allocations. Tax reaches QuickBooks as one line on the patient's
/// invoice using the tax item, so every invoice totals its share to the cent whatever the
/// company's sales-tax setup; every line carries the location's class and the `NON` tax code.
final class InvoiceMapper {
    let context: MappingContext
    /// Invoices of the sale being mapped that QuickBooks already holds exactly as planned.
    private var keptUnchanged: Set<String> = []

    init(context: MappingContext) { self.context = context }

    func sale(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let sale = try RowReader(ref: ref, row: record.row)
        let status = try sale.string("status")
        let existing = try context.ledger.qboObjects(ref: ref).filter { $0.qboType == "Invoice" && $0.active }
        if status == "void" {
            return existing.map { invoice in
                PlannedOperation(
                    key: invoice.key, ref: ref, entity: "Invoice", operation: "void",
                    body: ["Id": Placeholder.id(invoice.key), "SyncToken": Placeholder.syncToken(invoice.key)],
                    wave: .documents, lookup: nil, expectedCents: 0)
            }
        }
        guard status == "open" else { throw sale.bad("status", "is not open or void") }
        let number = try sale.string("number")
        let date = try sale.date("sale_date")
        let dueDate = try sale.optionalDate("due_date")
        let classKey = try context.classKey(locationID: try sale.int("location_id"), for: ref)
        let amounts = try SaleAmounts(sale: sale)
        let patientKey = "customer patient:\(try sale.int("patient_id"))"
        keptUnchanged = []

        var operations: [PlannedOperation] = []
        let patientLines = try amounts.lines.compactMap { line -> JSONValue? in
            guard line.patientNetCents != 0 || amounts.payers.isEmpty else { return nil }
            return try itemLine(line, cents: line.patientNetCents, fullPrice: line.allocations.isEmpty && line.discountCents == 0, classKey: classKey, ref: ref)
        }
        var taxLines: [JSONValue] = []
        if amounts.taxCents != 0 {
            taxLines.append(
                salesLine(itemKey: try context.genericItemKey("sales_tax"), cents: amounts.taxCents, classKey: classKey))
        }
        if !(patientLines + taxLines).isEmpty {
            operations.append(
                contentsOf: try invoice(
                    key: "invoice \(ref) patient", ref: ref, customer: patientKey, number: number, suffix: "", date: date,
                    due: dueDate, lines: patientLines + taxLines, cents: amounts.patientCents))
        }
        for payer in amounts.payers {
            let lines = try amounts.lines.compactMap { line -> JSONValue? in
                let cents = line.allocations.filter { $0.payer == payer }.reduce(0) { $0 + $1.cents }
                guard cents != 0 else { return nil }
                return try itemLine(line, cents: cents, fullPrice: false, classKey: classKey, ref: ref)
            }
            operations.append(
                contentsOf: try invoice(
                    key: "invoice \(ref) payer:\(payer)", ref: ref, customer: "customer payer:\(payer)", number: number,
                    suffix: "-T\(payer)", date: date, due: dueDate, lines: lines, cents: amounts.payerCents(payer)))
        }
        // An edited sale keeps one live invoice per bill-to: changed ones are updated in place
        // (payments stay linked), a bill-to the sale no longer has is voided.
        let planned = Set(operations.map(\.key)) .union(keptUnchanged)
        for invoice in existing where !planned.contains(invoice.key) {
            operations.append(
                PlannedOperation(
                    key: invoice.key, ref: ref, entity: "Invoice", operation: "void",
                    body: ["Id": Placeholder.id(invoice.key), "SyncToken": Placeholder.syncToken(invoice.key)],
                    wave: .documents, lookup: nil, expectedCents: 0))
        }
        return operations
    }

    private func invoice(
        key: String, ref: String, customer: String, number: String, suffix: String, date: String, due: String?,
        lines: [JSONValue], cents: Int
    ) throws -> [PlannedOperation] {
        let docNumber = try context.ledger.docNumber(docType: "Invoice", key: key) {
            QBONames.docNumberCandidate(number + suffix, attempt: $0)
        }
        var body: JSONValue = [
            "CustomerRef": Placeholder.ref(customer), "DocNumber": .string(docNumber), "TxnDate": .string(date),
            "Line": .array(lines), "PrivateNote": .string("qbsync \(ref)"),
        ]
        if let due { body["DueDate"] = .string(due) }
        guard
            let operation = try context.upsert(
                key: key, ref: ref, entity: "Invoice", body: body, wave: .documents,
                lookup: Lookup(entity: "Invoice", field: "DocNumber", value: docNumber), expectedCents: cents)
        else {
            keptUnchanged.insert(key)
            return []
        }
        return [operation]
    }

    /// A line for an OMS sale line: with quantity and unit price when the share is exactly their
    /// product, else the amount alone (QuickBooks refuses a quantity x price that differs, 6070).
    private func itemLine(_ line: SaleAmounts.Line, cents: Int, fullPrice: Bool, classKey: String, ref: String) throws -> JSONValue {
        guard let item = context.items[line.itemID], let kind = item["kind"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) sells item \(line.itemID), which the OMS does not have. Correct the sale in the OMS, then 'qbsync retry \(ref)'.")
        }
        let itemKey = context.isGeneric(kind: kind) ? try context.genericItemKey(kind) : context.itemKey(itemID: line.itemID)
        var json = salesLine(itemKey: itemKey, cents: cents, classKey: classKey)
        if fullPrice, line.quantityMilli != 0, cents == line.grossCents, (line.quantityMilli * line.unitPriceCents) % 1000 == 0 {
            json["SalesItemLineDetail"]?["Qty"] = .number(Self.quantity(line.quantityMilli))
            json["SalesItemLineDetail"]?["UnitPrice"] = .cents(line.unitPriceCents)
        }
        return json
    }

    private func salesLine(itemKey: String, cents: Int, classKey: String) -> JSONValue {
        [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": [
                "ItemRef": Placeholder.ref(itemKey), "ClassRef": Placeholder.ref(classKey), "TaxCodeRef": ["value": "NON"],
            ],
        ]
    }

    /// Thousandths as a decimal literal: 1500 -> `1.5`, 2000 -> `2`.
    static func quantity(_ milli: Int) -> String {
        let sign = milli < 0 ? "-" : ""
        let magnitude = milli.magnitude
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
