/// Money going back: trial returns credited to the patient, refunds (of a return's credit, of a
/// cancelled deposit, of an overpayment), voided and re-issued refunds, write-offs and their
/// deletion.
extension SampleClinic {
    /// The patient returns the hearing aids of a sale within the trial period (with
    /// `anyItem`, whatever the sale sold: an accessory brought back unopened). The credit (the
    /// patient's share of the lines, less a restocking fee now and then) pays the sale's open
    /// balance first; what is left is refunded a few days later.
    func trialReturn(saleId: Int, anyItem: Bool = false) {
        let sale = book.sales[saleId - 1]
        guard sale.status == "open", !sale.broken else { return }
        let candidates = sale.lines.indices.filter {
            (anyItem || book.items[sale.lines[$0].itemId - 1].kind == "hearing_aid")
                && sale.lines[$0].returnedMilli < sale.lines[$0].quantityMilli
        }
        guard !candidates.isEmpty else { return }
        let chosen = rng.chance(0.7) ? candidates : [rng.pick(candidates)]
        let restocking = rng.chance(0.3) ? 15_000 : 0
        let returnId = book.returns.count + 1
        var lines: [ReturnLineRow] = []
        for index in chosen {
            let line = sale.lines[index]
            let left = line.quantityMilli - line.returnedMilli
            let quantity = left > 1000 && rng.chance(0.3) ? 1000 : left
            let share = (line.total - line.allocated) * quantity / line.quantityMilli
            let amount = max(0, share - restocking * quantity / 1000)
            guard amount > 0 else { continue }
            book.sales[saleId - 1].lines[index].returnedMilli += quantity
            lines.append(ReturnLineRow(id: book.nextReturnLineId, saleLineId: line.id, quantityMilli: quantity,
                                       amountCents: amount, serialNumber: line.serialNumber))
            book.nextReturnLineId += 1
        }
        guard !lines.isEmpty else { return }
        let time = now()
        var row = ReturnRow(id: returnId, number: book.takeReturnNumber(), saleId: saleId, returnDate: today,
                            reason: SampleText.returnReason(rng: &rng), status: "open", updatedAt: time, lines: lines)
        let applied = min(row.credit, max(0, book.sales[saleId - 1].patientOpen))
        reduceOpen(ApplicationRow(saleId: saleId, payerId: nil, amountCents: applied), by: applied)
        book.sales[saleId - 1].creditNoted = true
        row.creditLeft = row.credit - applied
        book.patientCredit[sale.patientId - 1] += row.creditLeft
        book.returns.append(row)
        book.log(.return, returnId, .create, at: time, by: audiologist())
        if row.creditLeft > 0 { schedule(.refundReturn(returnId), inDays: rng.int(2...10)) }
    }

    /// Pays out the credit a return left.
    func refundReturn(_ returnId: Int) {
        let row = book.returns[returnId - 1]
        let patientId = book.sales[row.saleId - 1].patientId
        let amount = min(row.creditLeft, book.patientCredit[patientId - 1])
        guard row.status == "open", amount > 0 else { return }
        book.returns[returnId - 1].creditLeft -= amount
        refund(patientId: patientId, payerId: nil, returnId: returnId, amount: amount,
               memo: SampleText.refundMemo(kind: .trialReturn, rng: &rng))
    }

    /// Pays back what is left unapplied of a payment (a cancelled deposit, a payer's overpayment).
    func refundUnapplied(paymentId: Int) {
        let payment = book.payments[paymentId - 1]
        guard payment.status == "active", !payment.broken else { return }
        if let patientId = payment.patientId {
            let amount = min(payment.unapplied, book.patientCredit[patientId - 1])
            guard amount > 0 else { return }
            refund(patientId: patientId, payerId: nil, returnId: nil, amount: amount,
                   memo: SampleText.refundMemo(kind: .deposit, rng: &rng))
        } else if let payerId = payment.payerId {
            let amount = min(payment.unapplied, book.payerCredit[payerId - 1])
            guard amount > 0 else { return }
            refund(patientId: nil, payerId: payerId, returnId: nil, amount: amount,
                   memo: SampleText.refundMemo(kind: .overpayment, rng: &rng))
        }
    }

    /// Writes a refund, taking the money off the customer's credit; a few are voided next day.
    @discardableResult
    func refund(patientId: Int?, payerId: Int?, returnId: Int?, amount: Int, memo: String?) -> Int {
        let time = now()
        let id = book.refunds.count + 1
        let methodId = payerId != nil ? (catalog.cheque.first ?? 1) : (rng.chance(0.7) ? rng.pick(catalog.cards) : catalog.cheque.first ?? 1)
        let locationId = patientId.map { location(of: book.patients[$0 - 1]) } ?? 1
        book.refunds.append(RefundRow(
            id: id, patientId: patientId, payerId: payerId, locationId: locationId, methodId: methodId,
            returnId: returnId, refundDate: today, amountCents: amount, memo: memo, status: "active", updatedAt: time))
        if let patientId { book.patientCredit[patientId - 1] -= amount }
        if let payerId { book.payerCredit[payerId - 1] -= amount }
        book.log(.refund, id, .create, at: time, by: SampleCatalog.billing)
        if rng.chance(0.05) { schedule(.voidRefund(id), inDays: rng.int(0...2)) }
        return id
    }

    /// Voids a refund issued by mistake (wrong method or amount); it is issued again later.
    func voidRefund(_ id: Int) {
        let row = book.refunds[id - 1]
        guard row.status == "active" else { return }
        book.refunds[id - 1].status = "void"
        if let patientId = row.patientId { book.patientCredit[patientId - 1] += row.amountCents }
        if let payerId = row.payerId { book.payerCredit[payerId - 1] += row.amountCents }
        if let returnId = row.returnId { book.returns[returnId - 1].creditLeft += row.amountCents }
        let time = now()
        book.refunds[id - 1].touch(time)
        book.log(.refund, id, .void, at: time, by: SampleCatalog.billing)
        schedule(.reissueRefund(id), inDays: rng.int(1...3))
    }

    /// Issues a voided refund again, if the credit is still there.
    func reissueRefund(_ voidedId: Int) {
        let row = book.refunds[voidedId - 1]
        if let returnId = row.returnId {
            refundReturn(returnId)
            return
        }
        let credit = row.patientId.map { book.patientCredit[$0 - 1] } ?? row.payerId.map { book.payerCredit[$0 - 1] } ?? 0
        let amount = min(row.amountCents, credit)
        guard amount > 0 else { return }
        refund(patientId: row.patientId, payerId: row.payerId, returnId: nil, amount: amount,
               memo: SampleText.refundMemo(kind: .reissue, rng: &rng))
    }

    /// Forgives `amount` of what a bill-to owes on a sale; a few are deleted again as mistakes.
    func writeOff(saleId: Int, payerId: Int?, amount: Int) {
        let time = now()
        let id = book.writeOffs.count + 1
        book.writeOffs.append(WriteOffRow(
            id: id, saleId: saleId, payerId: payerId, writeOffDate: today, amountCents: amount,
            reason: SampleText.writeOffReason(payer: payerId != nil, rng: &rng), status: "active", updatedAt: time))
        reduceOpen(ApplicationRow(saleId: saleId, payerId: payerId, amountCents: amount), by: amount)
        book.sales[saleId - 1].creditNoted = true
        book.log(.writeOff, id, .create, at: time, by: SampleCatalog.billing)
        if rng.chance(0.05) { schedule(.deleteWriteOff(id), inDays: rng.int(1...3)) }
    }

    /// Writes off what a patient left open on a sale, if it is small (up to $50).
    func writeOffSmallBalance(saleId: Int) {
        let sale = book.sales[saleId - 1]
        guard sale.status == "open", !sale.broken, (1...5_000).contains(sale.patientOpen) else { return }
        writeOff(saleId: saleId, payerId: nil, amount: sale.patientOpen)
    }

    /// Deletes a write-off entered by mistake: the balance is owed again.
    func deleteWriteOff(_ id: Int) {
        let row = book.writeOffs[id - 1]
        guard row.status == "active" else { return }
        book.writeOffs[id - 1].status = "deleted"
        reduceOpen(ApplicationRow(saleId: row.saleId, payerId: row.payerId, amountCents: row.amountCents),
                   by: -row.amountCents)
        let time = now()
        book.writeOffs[id - 1].touch(time)
        book.log(.writeOff, id, .delete, at: time, by: SampleCatalog.billing)
    }
}
