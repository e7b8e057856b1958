/// Rebuilding the derived state of a loaded book: open balances per sale and bill-to, quantities
/// returned, credits left on returns and on customers' accounts, and which rows are broken.
extension SampleBook {
    /// Recomputes every derived field from the stored rows, in the order the OMS wrote them:
    /// shares, then payments and write-offs, then returns (their credit pays what is still open,
    /// the rest stays on account), then refunds.
    func rebuildBalances() {
        patientCredit = Array(repeating: 0, count: patients.count)
        payerCredit = Array(repeating: 0, count: payers.count)
        var numbersSeen = Set<String>()
        for index in sales.indices {
            var sale = sales[index]
            sale.patientOpen = sale.status == "open" ? sale.patientShare : 0
            sale.payerOpen = []
            for line in sale.lines {
                for allocation in line.allocations where !sale.payerOpen.contains(where: { $0.payerId == allocation.payerId }) {
                    sale.payerOpen.append(PayerShare(payerId: allocation.payerId,
                                                     open: sale.status == "open" ? sale.payerShare(allocation.payerId) : 0))
                }
            }
            for lineIndex in sale.lines.indices { sale.lines[lineIndex].returnedMilli = 0 }
            sale.broken = SampleCalendar.parse(sale.saleDate) == nil
                || sale.lines.contains(where: { $0.allocated > $0.total })
                || !numbersSeen.insert(sale.number).inserted
            sales[index] = sale
        }
        for index in payments.indices where payments[index].status == "active" {
            let payment = payments[index]
            payments[index].broken = (payment.patientId == nil) == (payment.payerId == nil)
                || payment.applications.contains(where: { application in
                    payment.patientId.map { sales[application.saleId - 1].patientId != $0 } ?? false
                })
            for application in payment.applications { reduce(application, by: application.amountCents) }
            guard !payments[index].broken else { continue }
            if let patientId = payment.patientId { patientCredit[patientId - 1] += payment.unapplied }
            if let payerId = payment.payerId { payerCredit[payerId - 1] += payment.unapplied }
        }
        for row in writeOffs where row.status == "active" {
            reduce(ApplicationRow(saleId: row.saleId, payerId: row.payerId, amountCents: row.amountCents), by: row.amountCents)
            sales[row.saleId - 1].creditNoted = true
        }
        for index in returns.indices where returns[index].status == "open" {
            let saleIndex = returns[index].saleId - 1
            for line in returns[index].lines {
                if let lineIndex = sales[saleIndex].lines.firstIndex(where: { $0.id == line.saleLineId }) {
                    sales[saleIndex].lines[lineIndex].returnedMilli += line.quantityMilli
                }
            }
            let applied = min(returns[index].credit, max(0, sales[saleIndex].patientOpen))
            sales[saleIndex].patientOpen -= applied
            sales[saleIndex].creditNoted = true
            returns[index].creditLeft = returns[index].credit - applied
            patientCredit[sales[saleIndex].patientId - 1] += returns[index].creditLeft
        }
        for row in refunds where row.status == "active" {
            if let returnId = row.returnId { returns[returnId - 1].creditLeft -= row.amountCents }
            if let patientId = row.patientId { patientCredit[patientId - 1] -= row.amountCents }
            if let payerId = row.payerId { payerCredit[payerId - 1] -= row.amountCents }
        }
    }

    /// Lowers what a bill-to owes on a sale and marks the sale as touched.
    private func reduce(_ application: ApplicationRow, by amount: Int) {
        let index = application.saleId - 1
        if let payerId = application.payerId {
            if let share = sales[index].payerOpen.firstIndex(where: { $0.payerId == payerId }) {
                sales[index].payerOpen[share].open -= amount
            }
        } else {
            sales[index].patientOpen -= amount
        }
        sales[index].settled = true
    }
}
