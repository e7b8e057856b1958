import GRDB
import QBSyncJSON

/// Links what settles a document dated before the cutover to the invoice the bookkeeper entered
/// by hand for it. For each sale dated before `[sync] start_date` that a payment, return or
/// write-off of the run needs, it looks among the hand-entered invoices (`HandEnteredBooks`) for
/// the one with the sale's customer (the bookkeeper's customer of the same name, adopted first:
/// a payer's always, a patient's only with redaction off) and amount (its number, when the bookkeeper typed the OMS
/// number, decides between look-alikes); exactly one fits: it becomes the sale's invoice in the
/// ledger, adopted (`adoptedRunID`, never posted or changed by qbsync), and the dependent is
/// posted against it. Otherwise the reason is kept for the manual-entry list. Safe to run again:
/// an invoice adopted once is found in the ledger and not looked for again. A refund of a return
/// dated before the cutover looks, the same way, for the credit memo the bookkeeper entered for
/// the return (the patient's customer, the return's amount, its number deciding between look-alikes).
struct HandEnteredLinker {
    let ledger: Ledger
    let books: HandEnteredBooks
    let startDate: String
    /// Patients are matched by name only when their names may reach QuickBooks.
    let redactionEnabled: Bool
    /// The edition the adopted objects are in.
    let edition: Edition
    /// False with opening balances (`[sync] opening_balances`): what settles a pre-cutover sale
    /// goes to the customer's opening-balance invoice, and no invoice is looked for by hand.
    var linkInvoices = true

    /// The `run_id` of an object qbsync adopted from what was entered by hand, not posted.
    static let adoptedRunID = "hand-entered"

    /// One invoice (or credit memo) the run needs, as the bookkeeper would have entered it.
    private struct Wanted {
        var kind: BooksDocumentKind = .invoice
        var key: ObjectKey
        var sale: OMSRef
        var numbers: [String]
        var cents: Int
        var customerKey: ObjectKey
        var isPatient: Bool
    }

    /// Adopts what fits; returns why each wanted invoice (by key) was not linked.
    func link(folder: RunFolder) throws -> [String: String] {
        // Customers first: the bookkeeper's customer of a payer (and, redaction off, of a
        // patient) is the one qbsync keeps from now on, so that its name is not made twice.
        let names = try customerNames(folder: folder)
        try adoptCustomers(names)
        var needed: Set<Int> = []
        var neededReturns: Set<Int> = []
        let settling: Set<String> = [OMSEntity.payment.name, OMSEntity.return.name, OMSEntity.writeOff.name, OMSEntity.refund.name]
        try ExtractFiles.forEachChunk(folder: folder, entities: settling) { chunk, records in
            for record in records where record.row != .null {
                if chunk.entity == OMSEntity.refund.name {
                    if let returnID = record.row["return_id"]?.intValue { neededReturns.insert(returnID) }
                    continue
                }
                guard linkInvoices else { continue }
                for ref in Dependencies.of(entity: chunk.entity, row: record.row) where ref.entity == OMSEntity.sale.name {
                    needed.insert(ref.id)
                }
            }
        }
        guard !needed.isEmpty || !neededReturns.isEmpty else { return [:] }
        var wanted = try wantedCreditMemos(neededReturns, folder: folder)
        var sales: [Int: JSONValue] = [:]
        try ExtractFiles.forEachChunk(folder: folder, entities: [OMSEntity.sale.name]) { _, records in
            for record in records where needed.contains(record.ref.id) && record.row != .null {
                guard let date = record.row["sale_date"]?.stringValue, date < startDate, record.row["status"]?.stringValue == "open"
                else { continue }
                sales[record.ref.id] = record.row
            }
        }
        for (id, row) in sales.sorted(by: { $0.key < $1.key }) { wanted += try self.wanted(sale: OMSRef(OMSEntity.sale.name, id), row: row) }
        var taken = try ledger.read { db in
            Set(try String.fetchAll(db, sql: "SELECT type || ' ' || remote_id FROM books_objects WHERE type IN ('Invoice', 'CreditMemo')"))
        }
        var misses: [String: String] = [:]
        for document in wanted where try ledger.booksObject(document.key.description) == nil {
            if let reason = try adopt(document, taken: &taken) { misses[document.key.description] = reason }
        }
        return misses
    }

    /// The credit memos the refunds of the run need for returns dated before the cutover: the
    /// return's patient (through its sale), its amount (its lines, tax included) and its number.
    private func wantedCreditMemos(_ returns: Set<Int>, folder: RunFolder) throws -> [Wanted] {
        guard !returns.isEmpty else { return [] }
        var found: [Int: (number: String, sale: Int, cents: Int)] = [:]
        try ExtractFiles.forEachChunk(folder: folder, entities: [OMSEntity.return.name]) { _, records in
            for record in records where returns.contains(record.ref.id) && record.row != .null {
                let row = record.row
                guard let date = row["return_date"]?.stringValue, date < startDate, row["status"]?.stringValue == "open",
                    let number = row["number"]?.stringValue, let sale = row["sale_id"]?.intValue
                else { continue }
                found[record.ref.id] = (number, sale, (row["lines"]?.arrayValue ?? []).reduce(0) { $0 + ($1["amount_cents"]?.intValue ?? 0) })
            }
        }
        guard !found.isEmpty else { return [] }
        let sales = Set(found.values.map(\.sale))
        var patients: [Int: Int] = [:]
        try ExtractFiles.forEachChunk(folder: folder, entities: [OMSEntity.sale.name]) { _, records in
            for record in records where sales.contains(record.ref.id) {
                if let patient = record.row["patient_id"]?.intValue { patients[record.ref.id] = patient }
            }
        }
        return found.sorted { $0.key < $1.key }.compactMap { id, memo in
            guard let patient = patients[memo.sale] else { return nil }
            let ref = OMSRef(OMSEntity.return.name, id)
            return Wanted(
                kind: .creditMemo, key: .creditMemo(ref), sale: ref, numbers: [memo.number], cents: memo.cents, customerKey: .patient(patient),
                isPatient: true)
        }
    }

    /// Adopts, for each customer of the run qbsync keeps no object for, the QuickBooks
    /// customer of exactly its name (display names are unique in QuickBooks).
    private func adoptCustomers(_ names: [String: String]) throws {
        guard books.unread == nil, !names.isEmpty else { return }
        var byName: [String: [String]] = [:]
        for (id, name) in books.customerNames { byName[name.lowercased(), default: []].append(id) }
        var taken = try ledger.read { db in Set(try String.fetchAll(db, sql: "SELECT remote_id FROM books_objects WHERE type = 'Customer'")) }
        for (key, name) in names.sorted(by: { $0.key < $1.key }) where try ledger.booksObject(key) == nil {
            guard let ids = byName[name.lowercased()], ids.count == 1, let id = ids.first, !taken.contains(id) else { continue }
            taken.insert(id)
            try ledger.saveBooksObject(
                BooksObject(
                    key: key, ref: String(key.split(separator: " ").last ?? ""), type: "Customer", remoteID: id,
                    versionToken: books.customerTokens[id], edition: edition, name: books.customerNames[id], runID: Self.adoptedRunID))
        }
    }

    /// Adopts the one hand-entered invoice (or credit memo) that fits `invoice`, or says why there is none.
    private func adopt(_ invoice: Wanted, taken: inout Set<String>) throws -> String? {
        let what = invoice.kind == .creditMemo ? "a credit memo" : "an invoice"
        let searched = "qbsync looked in QuickBooks for \(what) entered by hand for \(invoice.sale) (\(invoice.isPatient ? "the patient's" : "the third party's") customer, \(Money.decimalString(cents: invoice.cents)), number \(invoice.numbers.joined(separator: " or ")))"
        if let unread = books.unread { return "\(searched) but could not: \(unread)" }
        guard let customer = try ledger.booksObject(invoice.customerKey.description) else {
            return invoice.isPatient && redactionEnabled
                ? "patient names are redacted ([redaction] enabled), so qbsync does not match the patient's hand-entered customer and invoices"
                : "\(searched) and found no customer of that name"
        }
        let fits = books.documents.filter { document in
            document.kind == invoice.kind && document.totalCents == invoice.cents && !taken.contains("\(invoice.kind.rawValue) \(document.id)")
                && document.customerID == customer.remoteID
        }
        let numbered = fits.filter { document in invoice.numbers.contains { $0.caseInsensitiveCompare(document.number ?? "") == .orderedSame } }
        let candidates = numbered.isEmpty ? fits : numbered
        guard candidates.count == 1, let found = candidates.first else {
            return candidates.isEmpty
                ? "\(searched) and found none"
                : "\(searched) and found \(candidates.count) that fit (QuickBooks ids \(candidates.map(\.id).joined(separator: ", ")))"
        }
        taken.insert("\(invoice.kind.rawValue) \(found.id)")
        try ledger.saveBooksObject(
            BooksObject(
                key: invoice.key.description, ref: invoice.sale.description, type: invoice.kind.rawValue, remoteID: found.id,
                versionToken: found.syncToken, edition: edition, docNumber: found.number, totalCents: found.totalCents,
                runID: Self.adoptedRunID))
        return nil
    }

    /// The invoices a sale makes: the patient's share and each third party's.
    private func wanted(sale: OMSRef, row: JSONValue) throws -> [Wanted] {
        let reader = try RowReader(ref: sale.description, row: row)
        guard let amounts = try? SaleAmounts(sale: reader), let number = row["number"]?.stringValue,
            let patient = row["patient_id"]?.intValue
        else { return [] }
        var wanted: [Wanted] = []
        if amounts.patientCents > 0 {
            let key = ObjectKey.patient(patient)
            wanted.append(
                Wanted(
                    key: .invoice(sale, .patient), sale: sale, numbers: [number], cents: amounts.patientCents, customerKey: key,
                    isPatient: true))
        }
        for payer in amounts.payers where amounts.payerCents(payer) > 0 {
            let key = ObjectKey.payer(payer)
            wanted.append(
                Wanted(
                    key: .invoice(sale, .payer(payer)), sale: sale, numbers: [number, "\(number)-T\(payer)"], cents: amounts.payerCents(payer),
                    customerKey: key, isPatient: false))
        }
        return wanted
    }

    /// The names qbsync gives the run's customers (payers by name; patients by full name, read
    /// only when redaction is off), by customer key.
    private func customerNames(folder: RunFolder) throws -> [String: String] {
        var entities: Set<String> = [OMSEntity.payer.name]
        if !redactionEnabled { entities.insert(OMSEntity.patient.name) }
        var names: [String: String] = [:]
        try ExtractFiles.forEachChunk(folder: folder, entities: entities) { chunk, records in
            for record in records where record.row != .null {
                if chunk.entity == OMSEntity.payer.name, let name = record.row["name"]?.stringValue {
                    names[ObjectKey.payer(record.ref.id).description] = name
                } else if chunk.entity == OMSEntity.patient.name, let first = record.row["first_name"]?.stringValue,
                    let last = record.row["last_name"]?.stringValue
                {
                    names[ObjectKey.patient(record.ref.id).description] = CustomerMapper.fullName(
                        first: first, middle: record.row["middle_name"]?.stringValue, last: last)
                }
            }
        }
        return names
    }
}
