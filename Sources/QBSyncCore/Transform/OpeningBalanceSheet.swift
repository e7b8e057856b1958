import QBSyncJSON

/// One customer's open balance at the cutover (`[sync] opening_balances`): what its sales dated
/// before `[sync] start_date` still had open once the payments, returns and write-offs dated
/// before it were taken off, and the pre-cutover invoices (one per sale and bill-to) whose later
/// payments, returns and write-offs go to its opening-balance invoice instead.
struct OpeningBalance: Sendable, Equatable {
    /// `customer patient:5` or `customer payer:3`.
    var customer: ObjectKey
    var cents: Int
    /// The location of the customer's latest sale before the cutover: the class of the line.
    var locationID: Int?
    /// What the invoice's marker names: a payer itself, a patient through its latest sale
    /// before the cutover (never the patient's record, which must not sit beside a pseudonym).
    var anchor: OMSRef
    /// The keys its sales' invoices would have had (`invoice sale:12 patient`).
    var invoices: [ObjectKey] = []

    /// `invoice patient:5 opening`.
    var key: ObjectKey { .openingBalance(customer) }

    /// The marker the invoice carries (`qbsync sale:283 opening balance`).
    var marker: BooksMarker { BooksMarker(ref: anchor, role: .openingBalance) }
}

/// Takes the customers' open balances at the cutover from a run's extract, as the OMS has them
/// now but counting only what is dated before the cutover: a sale's share (the patient's, each
/// third party's) less the payments applied to it, its returns and its write-offs dated before
/// the cutover, never below zero (what a payment or credit left over is no open balance). What
/// is dated on or after the cutover is posted by the runs, against the opening-balance invoice.
struct OpeningBalanceSheet {
    let startDate: String

    /// What one sale's bill-to had open, while the extract is read.
    private struct Open {
        var customer: ObjectKey
        var cents: Int
        var date: String
        var sale: OMSRef
        var locationID: Int?
    }

    /// The balances by customer, in key order; customers with nothing open are kept at zero
    /// (their pre-cutover sales have no invoice to go to, and the manual list says so).
    func take(folder: RunFolder) throws -> [OpeningBalance] {
        var open: [ObjectKey: Open] = [:]
        try ExtractFiles.forEachChunk(folder: folder, entities: [OMSEntity.sale.name]) { _, records in
            for record in records where record.row != .null {
                guard let sale = try? RowReader(ref: record.ref.description, row: record.row), (try? sale.string("status")) == "open",
                    let date = try? sale.date("sale_date"), date < startDate, let patient = sale.optionalInt("patient_id"),
                    let amounts = try? SaleAmounts(sale: sale)
                else { continue }
                let location = sale.optionalInt("location_id")
                if amounts.patientCents != 0 || amounts.payers.isEmpty {
                    open[.invoice(record.ref, .patient)] = Open(
                        customer: .patient(patient), cents: amounts.patientCents, date: date, sale: record.ref, locationID: location)
                }
                for payer in amounts.payers {
                    open[.invoice(record.ref, .payer(payer))] = Open(
                        customer: .payer(payer), cents: amounts.payerCents(payer), date: date, sale: record.ref, locationID: location)
                }
            }
        }
        func reduce(_ sale: Int?, _ payer: Int?, by cents: Int) {
            guard let sale else { return }
            open[.invoice(OMSRef(OMSEntity.sale.name, sale), payer.map { .payer($0) } ?? .patient)]?.cents -= cents
        }
        let settling: Set<String> = [OMSEntity.payment.name, OMSEntity.return.name, OMSEntity.writeOff.name]
        try ExtractFiles.forEachChunk(folder: folder, entities: settling) { chunk, records in
            for record in records where record.row != .null {
                let row = record.row
                switch chunk.entity {
                case OMSEntity.payment.name:
                    guard row["status"]?.stringValue == "active", let date = row["received_date"]?.stringValue, date < startDate else { continue }
                    for application in row["applications"]?.arrayValue ?? [] {
                        reduce(application["sale_id"]?.intValue, application["payer_id"]?.intValue, by: application["amount_cents"]?.intValue ?? 0)
                    }
                case OMSEntity.return.name:
                    guard row["status"]?.stringValue == "open", let date = row["return_date"]?.stringValue, date < startDate else { continue }
                    let credited = (row["lines"]?.arrayValue ?? []).reduce(0) { $0 + ($1["amount_cents"]?.intValue ?? 0) }
                    reduce(row["sale_id"]?.intValue, nil, by: credited)
                default:
                    guard row["status"]?.stringValue == "active", let date = row["write_off_date"]?.stringValue, date < startDate else { continue }
                    reduce(row["sale_id"]?.intValue, row["payer_id"]?.intValue, by: row["amount_cents"]?.intValue ?? 0)
                }
            }
        }
        var balances: [ObjectKey: OpeningBalance] = [:]
        var latest: [ObjectKey: (date: String, sale: OMSRef)] = [:]
        for (invoice, sale) in open.sorted(by: { $0.key < $1.key }) {
            var balance = balances[sale.customer] ?? OpeningBalance(customer: sale.customer, cents: 0, locationID: nil, anchor: sale.sale)
            balance.cents += max(sale.cents, 0)
            balance.invoices.append(invoice)
            // The latest sale (by date, then id) gives the line's class and a patient's marker.
            if latest[sale.customer].map({ (sale.date, sale.sale.id) > ($0.date, $0.sale.id) }) ?? true {
                latest[sale.customer] = (sale.date, sale.sale)
                balance.locationID = sale.locationID
                balance.anchor = sale.customer.reference.hasPrefix("payer:") ? (try? OMSRef(parsing: sale.customer.reference)) ?? sale.sale : sale.sale
            }
            balances[sale.customer] = balance
        }
        return balances.values.sorted { $0.customer < $1.customer }
    }
}
