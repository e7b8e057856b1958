/// What happens when a patient comes in: batteries bought, a service or repair, a hearing-aid
/// consultation (a deposit and a fitting later), a fee; and a new patient's first evaluation.
extension SampleClinic {
    /// A first-time patient: the chart is created, the hearing evaluated, and some go on to a
    /// hearing-aid consultation.
    func welcomeNewPatient() {
        let id = book.patients.count + 1
        let other = book.patients.isEmpty ? nil : book.patients[rng.int(below: book.patients.count)]
        var patient = SamplePeople.makePatient(id: id, time: "", today: day, other: other, rng: &rng)
        patient.locationId = patient.locationId.map { min($0, 3) }
        let desk = frontDesk(location(of: patient))
        patient.updatedAt = now()
        book.add(patient)
        book.log(.patient, id, .create, at: patient.updatedAt, by: desk)
        roster.add(id)
        guard let evaluation = catalog.evaluation else { return }
        var lines = [line(evaluation)]
        if rng.chance(0.4) { allocate(&lines[0], patient: patient, fraction: 0.8) }
        if rng.chance(0.3), let tympanometry = catalog.tympanometry { lines.append(line(tympanometry)) }
        let saleId = createSale(patientId: id, locationId: location(of: patient), lines: lines,
                                memo: nil, dueInDays: 30, by: audiologist())
        settleAtDesk(saleId, payNow: 0.85)
        if rng.chance(0.4) { consultation(patient) }
    }

    /// A visit by a patient on file.
    func visit(_ patientId: Int) {
        let patient = book.patients[patientId - 1]
        switch rng.weighted([42, 27, 8, 15, 4, 4]) {
        case 0: buyBatteries(patient)
        case 1: service(patient)
        case 2: repair(patient)
        case 3: consultation(patient)
        case 4: fee(patient)
        default: followUp(patient)
        }
    }

    private func buyBatteries(_ patient: PatientRow) {
        guard !catalog.batteries.isEmpty else { return }
        let battery = rng.pick(catalog.batteries)
        let price = book.items[battery - 1].unitPriceCents
        let quantity = rng.pick([1000, 1000, 2000, 2000, 3000, 4000])
        let club = rng.chance(0.15) ? SampleMath.extended(quantityMilli: quantity, unitPriceCents: price) / 10 : 0
        var lines = [line(battery, quantityMilli: quantity, discount: club)]
        if rng.chance(0.3), !catalog.accessories.isEmpty { lines.append(line(rng.pick(catalog.accessories))) }
        if rng.chance(0.05) { lines.append(line(rng.pick(catalog.batteries), quantityMilli: 1000)) }
        smallSale(patient, lines: lines, by: frontDesk(location(of: patient)))
    }

    private func service(_ patient: PatientRow) {
        let choices = [catalog.checkAndClean, catalog.cerumen, catalog.evaluation, catalog.tinnitus, catalog.tympanometry]
        guard let itemId = choices[rng.weighted([45, 25, 15, 10, 5])] else { return }
        let quantity = itemId == catalog.tinnitus ? rng.pick([500, 1000, 1500]) : 1000
        var lines = [line(itemId, quantityMilli: quantity)]
        if itemId != catalog.checkAndClean, rng.chance(0.4) { allocate(&lines[0], patient: patient, fraction: 0.8) }
        smallSale(patient, lines: lines, by: audiologist())
    }

    private func repair(_ patient: PatientRow) {
        let choices = [catalog.inOfficeRepair, catalog.manufacturerRepair, catalog.lossDamage]
        guard let itemId = choices[rng.weighted([60, 30, 10])] else { return }
        var lines = [line(itemId, description: rng.chance(0.5) ? nil : "Repair: " + serialNumber())]
        if rng.chance(0.5), let parts = catalog.repairParts { lines.append(line(parts, quantityMilli: rng.pick([1000, 2000]))) }
        if rng.chance(0.2), let shipping = catalog.shippingFee { lines.append(line(shipping)) }
        smallSale(patient, lines: lines, by: audiologist())
    }

    private func fee(_ patient: PatientRow) {
        guard let itemId = rng.chance(0.7) ? catalog.noShowFee : catalog.recordsFee else { return }
        let saleId = createSale(patientId: patient.id, locationId: location(of: patient), lines: [line(itemId)],
                                memo: nil, dueInDays: 30, by: frontDesk(location(of: patient)))
        if itemId == catalog.noShowFee && rng.chance(0.5) {
            schedule(.writeOffSmall(sale: saleId), inDays: rng.int(7...45))
        } else {
            settleAtDesk(saleId, payNow: 0.5)
        }
    }

    private func followUp(_ patient: PatientRow) {
        guard let itemId = catalog.followUp else { return }
        createSale(patientId: patient.id, locationId: location(of: patient), lines: [line(itemId)],
                   memo: nil, dueInDays: nil, by: audiologist())
    }

    /// A sale paid at the desk, now and then rung up by mistake and voided the next day.
    private func smallSale(_ patient: PatientRow, lines: [SaleLineRow], by user: String) {
        let memo = SampleText.saleMemo(patient: patient, rng: &rng)
        let saleId = createSale(patientId: patient.id, locationId: location(of: patient), lines: lines,
                                memo: memo, dueInDays: rng.chance(0.7) ? 0 : 30, by: user)
        if rng.chance(0.015) {
            schedule(.voidSale(saleId), inDays: rng.int(0...1))
        } else {
            settleAtDesk(saleId, payNow: 0.9)
            if rng.chance(0.03) { schedule(.editSale(saleId), inDays: rng.int(0...3)) }
        }
    }

    /// A hearing-aid consultation: a deposit and a fitting in two or three weeks, an aid sold off
    /// the shelf today, or just the evaluation.
    func consultation(_ patient: PatientRow) {
        switch rng.weighted([55, 25, 20]) {
        case 0:
            let deposit = payOnAccount(patientId: patient.id, amount: rng.pick([25_000, 50_000, 50_000, 100_000]),
                                       locationId: location(of: patient), memo: "Deposit toward new hearing aids")
            if rng.chance(0.1) {
                schedule(.refundDeposit(payment: deposit), inDays: rng.int(3...14))
            } else {
                schedule(.fitting(patient: patient.id, deposit: deposit), inDays: rng.int(7...21))
            }
        case 1:
            fitHearingAids(patientId: patient.id, depositId: nil)
        default:
            if let evaluation = catalog.evaluation { smallSale(patient, lines: [line(evaluation)], by: audiologist()) }
        }
    }

    /// The fitting: the hearing-aid sale, the deposit applied to it, the rest paid now, financed,
    /// in instalments or later; a trial return or a correction planned for some.
    func fitHearingAids(patientId: Int, depositId: Int?) {
        let patient = book.patients[patientId - 1]
        guard patient.status == "active" else {
            if let depositId { refundUnapplied(paymentId: depositId) }
            return
        }
        let lines = hearingAidLines(for: patient)
        guard !lines.isEmpty else { return }
        let mistaken = depositId == nil && rng.chance(0.02)
        let saleId = createSale(patientId: patientId, locationId: location(of: patient), lines: lines,
                                memo: SampleText.saleMemo(patient: patient, rng: &rng), dueInDays: 30, by: audiologist())
        if mistaken {
            schedule(.voidSale(saleId), inDays: rng.int(0...1))
            return
        }
        if let depositId { applyCredit(paymentId: depositId, toSale: saleId) }
        switch rng.weighted([35, 20, 25, 20]) {
        case 0: settleAtDesk(saleId, payNow: 1)
        case 1: settleAtDesk(saleId, payNow: 1, methodId: catalog.financing.isEmpty ? nil : rng.pick(catalog.financing))
        case 2: payBalance(saleId: saleId, instalment: true)
        default: schedule(.payBalance(sale: saleId), inDays: rng.int(7...30))
        }
        if rng.chance(0.15) { schedule(.trialReturn(sale: saleId), inDays: rng.int(7...30)) }
        if rng.chance(0.1) { schedule(.editSale(saleId), inDays: rng.int(0...4)) }
    }
}
