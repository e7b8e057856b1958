/// The "old skipped transactions" the clinic's previous integration left behind: some point at
/// records that exist (and could be retried), some at ids that are gone, some at nothing at all;
/// their messages are the old integration's error texts, patient names and all.
enum SampleLegacy {
    /// About a dozen rows spread over the window, for a book already simulated.
    static func rows(for book: SampleBook, firstDay: Int, lastDay: Int, rng: inout SampleRandom) -> [LegacyRow] {
        var rows: [LegacyRow] = []
        func add(_ entity: String, _ id: Int?, day: Int, _ message: String?) {
            let second = 9 * 3600 + rng.int(0...3_599)  // the old nightly job ran at 02:00 Pacific
            let stamp = SampleCalendar.timestamp(date: SampleCalendar.string(min(day, lastDay)), second: second)
            rows.append(LegacyRow(id: book.legacy.count + rows.count + 1, entity: entity, entityId: id,
                                  skippedAt: stamp, message: message))
        }
        func dayOf(_ date: String) -> Int { (SampleCalendar.parse(date) ?? firstDay) + 1 }

        if !book.sales.isEmpty {
            let sale = book.sales[rng.int(below: book.sales.count)]
            add("sale", sale.id, day: dayOf(sale.saleDate),
                "QuickBooks error 6000: A business validation error has occurred while processing your request: "
                    + "Business Validation Error: You must select a customer for this transaction.")
            let other = book.sales[rng.int(below: book.sales.count)]
            add("sale", other.id, day: dayOf(other.saleDate),
                "Stale Object Error : You and root were working on this at the same time. root finished before you "
                    + "did, so your work was not saved.")
            add("sale", book.sales.count + 5_000 + rng.int(0...999), day: firstDay + 1,
                "Object Not Found : Something you're trying to use has been made inactive. Check the fields with "
                    + "accounts, customers, items, vendors or employees.")
        }
        if let payment = book.payments.first(where: { $0.patientId != nil && !$0.applications.isEmpty }) {
            let number = book.sales[payment.applications[0].saleId - 1].number
            add("payment", payment.id, day: dayOf(payment.receivedDate),
                "Payment could not be applied: invoice \(number) not found in QuickBooks.")
        }
        add("payment", book.payments.count + 9_000 + rng.int(0...999), day: firstDay + 2,
            "Request timed out after 30000 ms (POST /v3/company/9130357/payment)")
        if book.patients.count > 1 {
            let patient = book.patients[rng.int(below: book.patients.count)]
            add("patient", patient.id, day: firstDay + 1,
                "Duplicate Name Exists Error (6240): The name supplied already exists. : \(patient.fullName)")
        }
        if let refund = book.refunds.first {
            add("refund", refund.id, day: dayOf(refund.refundDate),
                "Invalid account type: You need to select a different type of account for this transaction.")
        }
        if let writeOff = book.writeOffs.first {
            add("write_off", writeOff.id, day: dayOf(writeOff.writeOffDate),
                "Write-off item 'Write-off / adjustment' is not mapped to an account.")
        }
        if let item = book.items.first(where: { $0.kind == "hearing_aid" }) {
            add("item", item.id, day: firstDay + 1,
                "Invalid Reference Id : Income account for item '\(item.name)' is inactive")
        }
        add("deposit", nil, day: firstDay + 3,
            "Deposit batch could not be posted: account 'Undeposited Funds' is not a bank account.")
        add("sale", nil, day: firstDay + 4, "AuthenticationFailed: Token expired: L011548***********. (401)")
        add("return", nil, day: firstDay + 5, nil)
        return rows
    }
}
