/// The rows the schema allows but the books cannot take, added on purpose (`broken` samples) at
/// the very end of the window, each with its change-log row, so that tests can check each fails
/// alone with its reason while the rest of a run goes on:
///
/// - `payment:<id>`: a payment with both a patient and a third party;
/// - `payment:<id>`: a payment with neither;
/// - `sale:<id>`: a sale dated February 30th;
/// - `sale:<id>`: a sale whose line is allocated to a third party for more than the line's total;
/// - `payment:<id>`: a patient's payment applied to another patient's sale;
/// - `sale:<id>`: a sale reusing the number of an earlier sale.
///
/// The ids depend on the seed; `SampleSummary.broken` lists them with their reasons.
enum SampleBrokenRows {
    static func add(to clinic: SampleClinic) {
        let book = clinic.book
        guard book.patients.count >= 2, !book.payers.isEmpty, let battery = clinic.catalog.batteries.first,
            let aid = clinic.catalog.hearingAids.first
        else { return }
        clinic.beginClosing(expectedWrites: 8)
        let first = book.patients[0].id
        let second = book.patients[1].id
        let cash = clinic.catalog.cash.first ?? 1

        let both = clinic.receivePayment(patientId: first, payerId: 1, locationId: 1, methodId: cash, amount: 5_000,
                                         applications: [], memo: nil, by: SampleCatalog.billing)
        mark(book, payment: both, "payment:\(both)", "has both a patient and a third party")
        let neither = clinic.receivePayment(patientId: nil, payerId: nil, locationId: 1, methodId: cash, amount: 2_500,
                                            applications: [], memo: "Cash found in drawer", by: SampleCatalog.billing)
        mark(book, payment: neither, "payment:\(neither)", "has neither a patient nor a third party")

        let year = SampleCalendar.civil(clinic.lastDay).year
        let impossible = clinic.createSale(patientId: first, locationId: 1, lines: [clinic.line(battery)],
                                           memo: nil, dueInDays: nil, by: SampleCatalog.admin)
        book.sales[impossible - 1].saleDate = "\(year)-02-30"
        mark(book, sale: impossible, "sale:\(impossible)", "is dated \(year)-02-30, a day that does not exist")

        var overAllocated = clinic.line(aid)
        overAllocated.allocations = [AllocationRow(payerId: 1, amountCents: overAllocated.total + 50_000)]
        let over = clinic.createSale(patientId: second, locationId: 1, lines: [overAllocated], memo: nil,
                                     dueInDays: 30, by: SampleCatalog.admin)
        mark(book, sale: over, "sale:\(over)", "allocates $500.00 more to a third party than its line's total")

        let target = book.sales.first(where: {
            $0.status == "open" && !$0.broken && $0.patientId != first && $0.patientOpen > 0
        })?.id ?? clinic.createSale(patientId: second, locationId: 1, lines: [clinic.line(battery)], memo: nil,
                                    dueInDays: 30, by: SampleCatalog.admin)
        let amount = min(1_000, book.sales[target - 1].patientOpen)
        let misapplied = clinic.receivePayment(
            patientId: first, payerId: nil, locationId: 1, methodId: cash, amount: amount,
            applications: [ApplicationRow(saleId: target, payerId: nil, amountCents: amount)], memo: nil,
            by: SampleCatalog.billing)
        mark(book, payment: misapplied, "payment:\(misapplied)",
             "is patient:\(first)'s payment applied to sale:\(target) of patient:\(book.sales[target - 1].patientId)")

        let duplicate = clinic.createSale(patientId: second, locationId: 1, lines: [clinic.line(battery)], memo: nil,
                                          dueInDays: nil, by: SampleCatalog.admin)
        book.sales[duplicate - 1].number = book.sales[0].number
        mark(book, sale: duplicate, "sale:\(duplicate)", "reuses sale:1's number \(book.sales[0].number)")
    }

    private static func mark(_ book: SampleBook, payment id: Int, _ ref: String, _ reason: String) {
        book.payments[id - 1].broken = true
        book.brokenRows.append(SampleSummary.BrokenRow(ref: ref, reason: reason))
    }

    private static func mark(_ book: SampleBook, sale id: Int, _ ref: String, _ reason: String) {
        book.sales[id - 1].broken = true
        book.brokenRows.append(SampleSummary.BrokenRow(ref: ref, reason: reason))
    }
}
