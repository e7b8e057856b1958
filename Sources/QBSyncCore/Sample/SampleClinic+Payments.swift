/// Money coming in from patients: paid at the desk, deposits on account applied later,
/// instalments, corrections and deletions.
extension SampleClinic {
    /// Writes a payment and its applications, moving the balances and the customer's credit.
    @discardableResult
    func receivePayment(
        patientId: Int?, payerId: Int?, locationId: Int, methodId: Int, amount: Int,
        applications: [ApplicationRow], memo: String?, by user: String
    ) -> Int {
        let time = now()
        let id = book.payments.count + 1
        let kind = book.methods[methodId - 1].kind
        let payment = PaymentRow(
            id: id, patientId: patientId, payerId: payerId, locationId: locationId, methodId: methodId,
            receivedDate: today, amountCents: amount,
            reference: SampleText.reference(methodKind: kind, date: today, rng: &rng),
            deposited: false, memo: memo, status: "active", updatedAt: time, applications: applications)
        for application in applications { reduceOpen(application, by: application.amountCents) }
        if let patientId { book.patientCredit[patientId - 1] += payment.unapplied }
        if let payerId { book.payerCredit[payerId - 1] += payment.unapplied }
        book.payments.append(payment)
        undeposited[locationId - 1].append(id)
        book.log(.payment, id, .create, at: time, by: user)
        return id
    }

    /// Lowers what a bill-to owes on a sale (a payment applied, a write-off, a return credit); a
    /// negative amount raises it back (a payment or write-off deleted).
    func reduceOpen(_ application: ApplicationRow, by amount: Int) {
        let index = application.saleId - 1
        if let payerId = application.payerId {
            if let share = book.sales[index].payerOpen.firstIndex(where: { $0.payerId == payerId }) {
                book.sales[index].payerOpen[share].open -= amount
            }
        } else {
            book.sales[index].patientOpen -= amount
        }
        book.sales[index].settled = true
    }

    /// The patient pays at the desk what they owe on the sale (with `payNow` odds), else later.
    func settleAtDesk(_ saleId: Int, payNow: Double, methodId: Int? = nil) {
        let sale = book.sales[saleId - 1]
        guard sale.patientOpen > 0 else { return }
        guard rng.chance(payNow) else {
            schedule(.payBalance(sale: saleId), inDays: rng.int(5...40))
            return
        }
        patientPays(sale.patientOpen, toward: saleId, methodId: methodId)
    }

    /// A payment by the sale's patient applied to it; sometimes entered twice or corrected later.
    @discardableResult
    func patientPays(_ amount: Int, toward saleId: Int, methodId: Int? = nil, memo: String? = nil) -> Int {
        let sale = book.sales[saleId - 1]
        let patient = book.patients[sale.patientId - 1]
        let method = methodId ?? catalog.patientMethod(&rng)
        let applied = min(amount, sale.patientOpen)
        let id = receivePayment(
            patientId: sale.patientId, payerId: nil, locationId: sale.locationId, methodId: method, amount: amount,
            applications: applied > 0 ? [ApplicationRow(saleId: saleId, payerId: nil, amountCents: applied)] : [],
            memo: memo ?? SampleText.paymentMemo(patient: patient, rng: &rng), by: frontDesk(sale.locationId))
        if rng.chance(0.01) {
            let duplicate = payOnAccount(patientId: sale.patientId, amount: amount, locationId: sale.locationId,
                                         memo: nil, methodId: method)
            schedule(.deletePayment(duplicate), inDays: rng.int(0...2))
        } else if rng.chance(0.025) {
            schedule(.editPayment(id), inDays: rng.int(0...3))
        }
        return id
    }

    /// Money a patient leaves on account (a deposit, or a payment entered twice).
    func payOnAccount(patientId: Int, amount: Int, locationId: Int, memo: String?, methodId: Int? = nil) -> Int {
        receivePayment(patientId: patientId, payerId: nil, locationId: locationId,
                       methodId: methodId ?? catalog.patientMethod(&rng), amount: amount, applications: [],
                       memo: memo, by: frontDesk(locationId))
    }

    /// Applies what is left of a payment on account to a sale of the same patient (an update).
    func applyCredit(paymentId: Int, toSale saleId: Int) {
        let payment = book.payments[paymentId - 1]
        guard payment.status == "active", let patientId = payment.patientId else { return }
        let amount = min(payment.unapplied, book.sales[saleId - 1].patientOpen, book.patientCredit[patientId - 1])
        guard amount > 0 else { return }
        let application = ApplicationRow(saleId: saleId, payerId: nil, amountCents: amount)
        book.payments[paymentId - 1].applications.append(application)
        reduceOpen(application, by: amount)
        book.patientCredit[patientId - 1] -= amount
        let time = now()
        book.payments[paymentId - 1].touch(time)
        book.log(.payment, paymentId, .update, at: time, by: frontDesk(payment.locationId))
    }

    /// The patient pays (part of) their balance: in full, an instalment (and another planned),
    /// or all but a few dollars that are later written off.
    func payBalance(saleId: Int, instalment: Bool = false) {
        let sale = book.sales[saleId - 1]
        guard sale.status == "open", !sale.broken, sale.patientOpen > 0,
            book.patients[sale.patientId - 1].status != "deceased"
        else { return }
        let open = sale.patientOpen
        let style = instalment ? 1 : rng.weighted([75, 20, 5])
        if style == 1 && open >= 20_000 {
            let part = open * rng.int(25...50) / 100
            patientPays(part, toward: saleId, memo: "Instalment")
            schedule(.payBalance(sale: saleId), inDays: rng.int(25...35))
        } else if style == 2 && open > 1_000 {
            patientPays(open - rng.int(1...min(1_000, open - 1)), toward: saleId)
            schedule(.writeOffSmall(sale: saleId), inDays: rng.int(20...40))
        } else {
            patientPays(open, toward: saleId)
        }
    }

    /// A correction to a payment: the card brand, the cheque number or the memo. Deposited
    /// payments are rarely touched (an edit then needs manual entry in the books).
    func editPayment(_ id: Int) {
        let payment = book.payments[id - 1]
        guard payment.status == "active", !payment.broken, !payment.deposited || rng.chance(0.15) else { return }
        let kind = book.methods[payment.methodId - 1].kind
        switch rng.int(below: 3) {
        case 0 where kind == "card" && catalog.cards.count > 1:
            book.payments[id - 1].methodId = rng.pick(catalog.cards.filter { $0 != payment.methodId })
        case 1:
            book.payments[id - 1].reference = SampleText.reference(methodKind: kind, date: payment.receivedDate, rng: &rng)
        default:
            book.payments[id - 1].memo = (payment.memo.map { $0 + " " } ?? "") + "(corrected)"
        }
        let time = now()
        book.payments[id - 1].touch(time)
        book.log(.payment, id, .update, at: time, by: frontDesk(payment.locationId))
    }

    /// Deletes a payment entered by mistake: its applications are undone and its credit removed.
    func deletePayment(_ id: Int) {
        let payment = book.payments[id - 1]
        guard payment.status == "active", !payment.broken, !payment.deposited || rng.chance(0.1),
            payment.applications.allSatisfy({ !book.sales[$0.saleId - 1].creditNoted })
        else { return }
        if let patientId = payment.patientId {
            guard book.patientCredit[patientId - 1] >= payment.unapplied else { return }
            book.patientCredit[patientId - 1] -= payment.unapplied
        } else if let payerId = payment.payerId {
            guard book.payerCredit[payerId - 1] >= payment.unapplied else { return }
            book.payerCredit[payerId - 1] -= payment.unapplied
        }
        for application in payment.applications { reduceOpen(application, by: -application.amountCents) }
        book.payments[id - 1].status = "deleted"
        let time = now()
        book.payments[id - 1].touch(time)
        book.log(.payment, id, .delete, at: time, by: frontDesk(payment.locationId))
    }
}
