/// Ringing up sales: lines priced from the catalog with discounts and tax, third-party
/// allocations, hearing-aid pairs with serial numbers.
extension SampleClinic {
    /// A line for `itemId` at the item's current price; tax is computed on taxable items.
    func line(
        _ itemId: Int, quantityMilli: Int = 1000, discount: Int = 0, ear: String? = nil, serial: String? = nil,
        description: String? = nil
    ) -> SaleLineRow {
        let item = book.items[itemId - 1]
        let extended = SampleMath.extended(quantityMilli: quantityMilli, unitPriceCents: item.unitPriceCents)
        let discount = min(max(0, discount), extended)
        return SaleLineRow(
            id: 0, lineNo: 0, itemId: itemId,
            description: description ?? (rng.chance(0.04) ? nil : item.name),
            serialNumber: serial, ear: ear, quantityMilli: quantityMilli, unitPriceCents: item.unitPriceCents,
            discountCents: discount, taxCents: item.taxable ? SampleMath.tax(onNet: extended - discount) : 0)
    }

    /// Writes a new sale of `lines` (at most four) for a patient and logs it.
    @discardableResult
    func createSale(
        patientId: Int, locationId: Int, lines: [SaleLineRow], memo: String?, dueInDays: Int?, by user: String
    ) -> Int {
        let time = now()
        let id = book.sales.count + 1
        var sale = SaleRow(
            id: id, number: book.takeSaleNumber(locationId: locationId), patientId: patientId,
            locationId: locationId, saleDate: today, dueDate: dueInDays.map { SampleCalendar.string(day + $0) },
            status: "open", memo: memo, updatedAt: time)
        for var line in lines.prefix(4) {
            line.id = book.nextSaleLineId
            line.lineNo = sale.lines.count + 1
            book.nextSaleLineId += 1
            sale.lines.append(line)
        }
        sale.patientOpen = sale.patientShare
        for line in sale.lines {
            for allocation in line.allocations { addPayerShare(allocation, to: &sale) }
        }
        book.sales.append(sale)
        book.log(.sale, id, .create, at: time, by: user)
        return id
    }

    /// Adds an allocation's amount to what its third party owes on `sale`, queueing the claim the
    /// first time that third party appears on the sale.
    func addPayerShare(_ allocation: AllocationRow, to sale: inout SaleRow) {
        if let index = sale.payerOpen.firstIndex(where: { $0.payerId == allocation.payerId }) {
            sale.payerOpen[index].open += allocation.amountCents
        } else {
            sale.payerOpen.append(PayerShare(payerId: allocation.payerId, open: allocation.amountCents))
            claims[allocation.payerId - 1].append(sale.id)
        }
    }

    /// Bills part of a line to the patient's insurer: a fixed benefit per aid, or `fraction` of the
    /// line (services); now and then a second program adds a little.
    func allocate(_ line: inout SaleLineRow, patient: PatientRow, fraction: Double? = nil) {
        guard let payerId = SamplePeople.payerId(of: patient, payerCount: book.payers.count),
            book.payers[payerId - 1].active
        else { return }
        let total = line.total
        let wanted = fraction.map { Int(Double(total) * $0) }
            ?? SampleCatalog.benefitPerAid(payerId: payerId) * max(1, line.quantityMilli / 1000)
        let amount = min(wanted, total)
        guard amount > 0 else { return }
        line.allocations.append(AllocationRow(payerId: payerId, amountCents: amount))
        let secondary = 1 + (payerId + 10) % book.payers.count
        if fraction == nil, rng.chance(0.06), secondary != payerId, book.payers[secondary - 1].active {
            let extra = min(20_000, total - amount)
            if extra > 0 { line.allocations.append(AllocationRow(payerId: secondary, amountCents: extra)) }
        }
    }

    /// The lines of a hearing-aid sale: a pair (two lines, or one binaural line) or a single aid,
    /// with serial numbers, maybe a discount and insurance benefit, and up to two options.
    func hearingAidLines(for patient: PatientRow) -> [SaleLineRow] {
        guard !catalog.hearingAids.isEmpty else { return [] }
        let model = book.items[rng.pick(catalog.hearingAids) - 1]
        let discount = rng.chance(0.3) ? (rng.chance(0.5) ? model.unitPriceCents / 10 : rng.pick([20_000, 25_000, 50_000])) : 0
        let insured = rng.chance(0.75)
        var lines: [SaleLineRow] = []
        func aid(ear: String, quantity: Int, serial: String) {
            var text = model.name + (ear == "binaural" ? ", pair" : " – \(ear)")
            if rng.chance(0.4) { text += " s/n \(serial)" }
            if rng.chance(0.08) { text += " for \(patient.fullName)" }
            var aidLine = line(model.id, quantityMilli: quantity, discount: discount * quantity / 1000, ear: ear,
                               serial: serial, description: text)
            if insured { allocate(&aidLine, patient: patient) }
            lines.append(aidLine)
        }
        let ears: Int
        if rng.chance(0.65) {
            ears = 2
            if rng.chance(0.15) {
                aid(ear: "binaural", quantity: 2000, serial: "L \(serialNumber()) / R \(serialNumber())")
            } else {
                aid(ear: "left", quantity: 1000, serial: serialNumber())
                aid(ear: "right", quantity: 1000, serial: serialNumber())
            }
        } else {
            ears = 1
            aid(ear: rng.chance(0.5) ? "left" : "right", quantity: 1000, serial: serialNumber())
        }
        let extras = [catalog.receivers, catalog.domes, catalog.molds, catalog.microphones, catalog.warranties,
                      catalog.batteries, catalog.fitting.map { [$0] } ?? []]
        for _ in 0..<rng.int(0...2) where lines.count < 4 {
            let group = extras[rng.weighted([3, 3, 2, 1, 1, 2, 2])]
            guard !group.isEmpty else { continue }
            let itemId = rng.pick(group)
            guard !lines.contains(where: { $0.itemId == itemId }) else { continue }
            let perEar = group == catalog.receivers || group == catalog.molds
            lines.append(line(itemId, quantityMilli: perEar ? ears * 1000 : rng.pick([1000, 1000, 2000])))
        }
        return lines
    }

    /// A manufacturer-style serial number: year and week of manufacture, a plant letter, four
    /// characters.
    func serialNumber() -> String {
        let made = day - rng.int(20...200)
        let date = SampleCalendar.civil(made)
        let week = (made - SampleCalendar.day(year: date.year, month: 1, day: 1)) / 7 % 52 + 1
        let pool = Array("0123456789ACDEFGHJKLMNPQRTUVWXY")
        let tail = String((0..<4).map { _ in pool[rng.int(below: pool.count)] })
        return SampleCalendar.twoDigits[date.year % 100] + SampleCalendar.twoDigits[week]
            + String(pool[10 + rng.int(below: 21)]) + tail
    }
}
