import QBSyncJSON

/// Compares each OMS record's current state with what QuickBooks holds for it, to find what
/// changed in the OMS after the last load that posted it (or was never posted): those records
/// are queued, so the next run posts them as the mappers would (an update of what is there, a
/// create of what is not). Compared are what a bookkeeper would see differ: a document's total
/// and date, whether it is voided, whom it bills; a customer's or item's active flag and name,
/// an item's price.
struct BooksComparison {
    let settings: PipelineSettings
    let oms: OMSHoldings
    /// The kept document per ledger key.
    let documents: [String: BooksDocument]
    let map: ReintegrationMap
    /// Item prices QuickBooks holds, by QuickBooks item id.
    let itemPrices: [String: Int]

    /// Why each OMS record that QuickBooks does not hold as it is now must be posted, by ref.
    func differences() -> [String: String] {
        var queued: [String: String] = [:]
        let claims = Dictionary(map.names.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        func note(_ ref: String, _ reason: String?) { if let reason, queued[ref] == nil { queued[ref] = reason } }
        for (id, row) in oms.all("sale") { note("sale:\(id)", sale(id, row)) }
        for (id, row) in oms.all("payment") {
            let live = row["status"]?.stringValue == "active"
            note("payment:\(id)", document("payment payment:\(id)", live: live, cents: row["amount_cents"]?.intValue, date: row["received_date"]?.stringValue))
        }
        for (id, row) in oms.all("return") {
            let cents = (row["lines"]?.arrayValue ?? []).reduce(0) { $0 + ($1["amount_cents"]?.intValue ?? 0) }
            note("return:\(id)", document("creditmemo return:\(id)", live: row["status"]?.stringValue == "open", cents: cents, date: row["return_date"]?.stringValue))
        }
        for (id, row) in oms.all("write_off") {
            note("write_off:\(id)", document("creditmemo write_off:\(id)", live: row["status"]?.stringValue == "active", cents: row["amount_cents"]?.intValue, date: row["write_off_date"]?.stringValue))
        }
        for (id, row) in oms.all("refund") {
            note("refund:\(id)", document("refundreceipt refund:\(id)", live: row["status"]?.stringValue == "active", cents: row["amount_cents"]?.intValue, date: row["refund_date"]?.stringValue))
        }
        for (id, row) in oms.all("patient") {
            note("patient:\(id)", flag("customer patient:\(id)", active: row["status"]?.stringValue == "active"))
        }
        for (id, row) in oms.all("payer") {
            note("payer:\(id)", flag("customer payer:\(id)", active: row["active"]?.intValue != 0))
            if let claim = claims["customer payer:\(id)"], claim.source.isEmpty {
                note("payer:\(id)", "its name in QuickBooks is not its OMS name")
            }
        }
        for (id, row) in oms.all("item") {
            // Only an item of its own (a hearing aid mapped to the generic item says nothing of it).
            guard claims["item item:\(id)"] != nil, let item = map.objects["item item:\(id)"] else { continue }
            note("item:\(id)", flag("item item:\(id)", active: row["active"]?.intValue != 0))
            if let price = row["unit_price_cents"]?.intValue, let held = itemPrices[item.qboID], held != price {
                note("item:\(id)", "its price in QuickBooks is \(Money.decimalString(cents: held)), in the OMS \(Money.decimalString(cents: price))")
            }
        }
        return queued
    }


    /// Why a sale's invoices differ from the sale, or nil.
    private func sale(_ id: Int, _ row: JSONValue) -> String? {
        let ref = "sale:\(id)"
        let held = documents.filter { $0.key.hasPrefix("invoice \(ref) ") && $0.value.live }
        guard row["status"]?.stringValue == "open" else {
            return held.isEmpty ? nil : "voided in the OMS, live in QuickBooks"
        }
        guard let reader = try? RowReader(ref: ref, row: row), let amounts = try? SaleAmounts(sale: reader) else {
            // The record cannot be mapped as it is: the next run says why, as the lost ledger did.
            return held.isEmpty ? "not in QuickBooks" : nil
        }
        if beforeCutover(row["sale_date"]?.stringValue), held.isEmpty { return nil }
        var expected: [String: Int] = [:]
        if amounts.lines.contains(where: { $0.patientNetCents != 0 }) || amounts.payers.isEmpty || amounts.taxCents != 0 {
            expected["invoice \(ref) patient"] = amounts.patientCents
        }
        for payer in amounts.payers { expected["invoice \(ref) payer:\(payer)"] = amounts.payerCents(payer) }
        for (key, cents) in expected.sorted(by: { $0.key < $1.key }) {
            guard let invoice = held[key] else { return "\(key.dropFirst("invoice ".count)) is not in QuickBooks" }
            if invoice.totalCents != cents { return Self.totals(invoice.totalCents, cents) }
            if invoice.date != row["sale_date"]?.stringValue { return "dated \(invoice.date ?? "?") in QuickBooks, \(row["sale_date"]?.stringValue ?? "?") in the OMS" }
        }
        if let extra = held.keys.sorted().first(where: { expected[$0] == nil }) {
            return "\(extra.dropFirst("invoice ".count)) is billed in QuickBooks, no longer in the OMS"
        }
        return nil
    }

    /// Why one document differs from its OMS record, or nil.
    private func document(_ key: String, live: Bool, cents: Int?, date: String?) -> String? {
        let held = documents[key].flatMap { $0.live ? $0 : nil }
        guard live else { return held == nil ? nil : "removed in the OMS, live in QuickBooks" }
        guard let held else { return beforeCutover(date) ? nil : "not in QuickBooks" }
        if let cents, held.totalCents != cents { return Self.totals(held.totalCents, cents) }
        if held.date != date { return "dated \(held.date ?? "?") in QuickBooks, \(date ?? "?") in the OMS" }
        return nil
    }

    /// Why a customer's or item's active flag differs, or nil (nil too when QuickBooks lacks it:
    /// a run that needs it posts it then).
    private func flag(_ key: String, active: Bool) -> String? {
        guard let object = map.objects[key], object.active != active else { return nil }
        return active ? "active in the OMS, inactive in QuickBooks" : "inactive in the OMS, active in QuickBooks"
    }

    private func beforeCutover(_ date: String?) -> Bool {
        guard let start = settings.startDate, let date else { return false }
        return date < start
    }

    private static func totals(_ held: Int?, _ cents: Int) -> String {
        "QuickBooks holds \(held.map { Money.decimalString(cents: $0) } ?? "no total"), the OMS \(Money.decimalString(cents: cents))"
    }
}
