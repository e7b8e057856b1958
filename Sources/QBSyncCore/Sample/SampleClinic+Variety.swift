/// The last evening of a new sample's window: whatever kind of transaction the window's own
/// activity happened not to produce is done then, so every sample from about 20 patients over
/// 20 days up (smaller ones as far as their sales allow) shows the books every kind: a sale, a payment, a return (a credit memo) with its refund, a write-off (a
/// credit memo too), a voided sale and an edited one. A short window often has none of the
/// returns and write-offs, which follow a sale by weeks.
///
/// It draws on its own random stream and writes after everything else of the window (before the
/// broken rows), so the window's activity is the same with it as without it.
extension SampleClinic {
    /// The transaction kinds the window must show, as the change feed records them.
    static let everyKind: [(SampleEntity, SampleOp)] = [
        (.sale, .create), (.payment, .create), (.sale, .update), (.return, .create), (.refund, .create),
        (.writeOff, .create), (.sale, .void),
    ]

    /// Does what is missing of `everyKind`, at the end of the last day.
    func completeEveryKind(seed: UInt64) {
        guard book.sales.contains(where: { !$0.broken }) else { return }
        var feed = FeedKinds(book)
        guard SampleClinic.everyKind.contains(where: { !feed.shows($0.0, $0.1, in: book) }) else { return }
        let saved = rng
        rng = SampleRandom(seed: seed, stream: 2)
        defer { rng = saved }
        clock.begin(day: lastDay, start: SampleClock.closing - 1_800, end: SampleClock.closing - 601, expectedWrites: 8)
        let newest = Array(book.sales.indices.reversed())
        // An edit may not apply to the sale it is tried on (a discount larger than what is owed).
        for index in newest + newest where !feed.shows(.sale, .update, in: book) { editSale(index + 1) }
        // Before the return, whose credit may pay the last balance a write-off could forgive: the
        // patient's rest of a sale, else a third party's (a contractual adjustment).
        for index in newest where !feed.shows(.writeOff, .create, in: book) {
            let sale = book.sales[index]
            guard sale.status == "open", !sale.broken, sale.patientOpen > 0 else { continue }
            writeOff(saleId: sale.id, payerId: nil, amount: min(sale.patientOpen, 5_000))
        }
        for index in newest where !feed.shows(.writeOff, .create, in: book) {
            let sale = book.sales[index]
            guard sale.status == "open", !sale.broken, let share = sale.payerOpen.first(where: { $0.open > 0 }) else { continue }
            writeOff(saleId: sale.id, payerId: share.payerId, amount: min(share.open, 5_000))
        }
        // A paid-up sale first (its whole credit is left for the refund), not one written off.
        let uncredited = newest.filter { !book.sales[$0].creditNoted }
        let paidUpFirst = uncredited.filter { book.sales[$0].patientOpen == 0 } + uncredited.filter { book.sales[$0].patientOpen != 0 }
        for index in paidUpFirst where !feed.shows(.return, .create, in: book) { trialReturn(saleId: index + 1) }
        for index in paidUpFirst where !feed.shows(.return, .create, in: book) { trialReturn(saleId: index + 1, anyItem: true) }
        for row in book.returns.reversed() where row.creditLeft > 0 && !feed.shows(.refund, .create, in: book) {
            refundReturn(row.id)
        }
        for payment in book.payments.reversed() where payment.patientId != nil && !feed.shows(.refund, .create, in: book) {
            refundUnapplied(paymentId: payment.id)
        }
        for index in newest where !feed.shows(.sale, .void, in: book) { voidSale(index + 1) }
        if !feed.shows(.sale, .void, in: book) { voidMistakenSale() }
    }

    /// Every sale was paid or credited: one rung up by mistake (the wrong patient's batteries)
    /// is voided the same evening.
    private func voidMistakenSale() {
        guard !roster.isEmpty, let battery = catalog.batteries.first else { return }
        let patient = book.patients[roster.pick(&rng) - 1]
        let saleId = createSale(patientId: patient.id, locationId: location(of: patient), lines: [line(battery)],
                                memo: nil, dueInDays: nil, by: frontDesk(location(of: patient)))
        voidSale(saleId)
    }
}

/// The kinds of write the change feed holds, read once and then only as it grows (a
/// benchmark's feed has millions of rows).
private struct FeedKinds {
    private var seen: Set<String> = []
    private var read = 0

    init(_ book: SampleBook) { update(book) }

    mutating func shows(_ entity: SampleEntity, _ op: SampleOp, in book: SampleBook) -> Bool {
        update(book)
        return seen.contains("\(entity.rawValue) \(op.rawValue)")
    }

    private mutating func update(_ book: SampleBook) {
        while read < book.changes.count {
            seen.insert("\(book.changes[read].entity.rawValue) \(book.changes[read].op.rawValue)")
            read += 1
        }
    }
}
