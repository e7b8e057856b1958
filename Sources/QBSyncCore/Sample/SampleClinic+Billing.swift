/// The billing office: third parties' remittances against their claims (short payments written
/// off as contractual adjustments, now and then an overpayment) and the bank deposit runs that
/// mark payments deposited.
extension SampleClinic {
    /// Most claims a remittance pays in one payment; a longer batch is split.
    static let claimsPerRemittance = 25

    /// Every third party whose remittance day it is pays its claims old enough for its lag.
    func remitClaims(weekday: Int) {
        for index in claims.indices where SampleCatalog.remittanceWeekday(payerId: index + 1) == weekday {
            remit(payerId: index + 1)
        }
    }

    private func remit(payerId: Int) {
        let cutoff = SampleCalendar.string(day - SampleCatalog.paymentLagDays(payerId: payerId))
        var batch: [ApplicationRow] = []
        var shortfalls: [(saleId: Int, amount: Int)] = []
        while claimHeads[payerId - 1] < claims[payerId - 1].count {
            let saleId = claims[payerId - 1][claimHeads[payerId - 1]]
            let sale = book.sales[saleId - 1]
            guard sale.saleDate <= cutoff else { break }
            claimHeads[payerId - 1] += 1
            guard sale.status == "open", !sale.broken,
                let open = sale.payerOpen.first(where: { $0.payerId == payerId })?.open, open > 0
            else { continue }
            var paid = open
            if SampleCatalog.paysShort(payerId: payerId), rng.chance(0.5) {
                paid = open * rng.int(75...95) / 100
                shortfalls.append((saleId, open - paid))
            }
            if paid > 0 { batch.append(ApplicationRow(saleId: saleId, payerId: payerId, amountCents: paid)) }
            if batch.count == Self.claimsPerRemittance {
                payRemittance(payerId: payerId, batch)
                batch = []
            }
        }
        if !batch.isEmpty { payRemittance(payerId: payerId, batch) }
        for shortfall in shortfalls {
            writeOff(saleId: shortfall.saleId, payerId: payerId, amount: shortfall.amount)
        }
    }

    private func payRemittance(payerId: Int, _ applications: [ApplicationRow]) {
        let applied = applications.reduce(0) { $0 + $1.amountCents }
        let overpaid = rng.chance(0.02) ? rng.int(10...80) * 100 : 0
        let memo = rng.chance(0.3) ? "Remittance advice RA-" + SampleCalendar.pad(rng.int(1...999_999), 6) : nil
        let id = receivePayment(
            patientId: nil, payerId: payerId, locationId: 1, methodId: catalog.payerMethod(payerId: payerId),
            amount: applied + overpaid, applications: applications, memo: memo, by: SampleCatalog.billing)
        if overpaid > 0 { schedule(.refundPayer(payment: id), inDays: rng.int(10...30)) }
    }

    /// Each open location deposits on its own weekday the payments received before today.
    func runDeposits(weekday: Int) {
        for index in undeposited.indices where index % 5 + 1 == weekday {
            let locationId = index + 1
            var kept: [Int] = []
            for paymentId in undeposited[locationId - 1] {
                let payment = book.payments[paymentId - 1]
                guard payment.status == "active", !payment.deposited else { continue }
                guard payment.receivedDate < today else {
                    kept.append(paymentId)
                    continue
                }
                book.payments[paymentId - 1].deposited = true
                let time = now()
                book.payments[paymentId - 1].touch(time)
                book.log(.payment, paymentId, .update, at: time, by: SampleCatalog.billing)
            }
            undeposited[locationId - 1] = kept
        }
    }
}
