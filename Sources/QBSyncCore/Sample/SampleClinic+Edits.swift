/// Corrections and housekeeping: sales edited or voided, charts updated, prices raised, models
/// added or discontinued, payers' details changed.
extension SampleClinic {
    /// Edits a sale: adds a line, changes a discount, records an insurance approval, or changes
    /// the memo and due date. Never so that what was already paid or credited exceeds the bill.
    func editSale(_ saleId: Int) {
        var sale = book.sales[saleId - 1]
        guard sale.status == "open", !sale.broken else { return }
        let patient = book.patients[sale.patientId - 1]
        switch rng.int(below: 4) {
        case 0 where sale.lines.count < 4 && !catalog.batteries.isEmpty:
            var added = line(rng.chance(0.6) ? rng.pick(catalog.batteries) : rng.pick(catalog.accessories + catalog.batteries))
            added.id = book.nextSaleLineId
            added.lineNo = (sale.lines.map(\.lineNo).max() ?? 0) + 1
            book.nextSaleLineId += 1
            sale.lines.append(added)
            sale.patientOpen += added.total
        case 1:
            let index = rng.int(below: sale.lines.count)
            var changed = sale.lines[index]
            let extended = SampleMath.extended(quantityMilli: changed.quantityMilli, unitPriceCents: changed.unitPriceCents)
            changed.discountCents = min(extended, changed.discountCents + extended * rng.int(5...15) / 100)
            let taxable = book.items[changed.itemId - 1].taxable && changed.taxCents > 0
            changed.taxCents = taxable ? SampleMath.tax(onNet: extended - changed.discountCents) : 0
            let lower = sale.lines[index].total - changed.total
            guard lower > 0, lower <= sale.patientOpen, changed.total >= changed.allocated, changed.returnedMilli == 0
            else { return }
            sale.lines[index] = changed
            sale.patientOpen -= lower
        case 2:
            guard let index = sale.lines.firstIndex(where: {
                $0.allocations.isEmpty && $0.returnedMilli == 0 && book.items[$0.itemId - 1].kind == "hearing_aid"
            }) else { return }
            var approved = sale.lines[index]
            allocate(&approved, patient: patient)
            let amount = approved.allocated
            guard amount > 0, amount <= sale.patientOpen else { return }
            sale.lines[index] = approved
            sale.patientOpen -= amount
            for allocation in approved.allocations { addPayerShare(allocation, to: &sale) }
        default:
            sale.memo = SampleText.saleMemo(patient: patient, rng: &rng) ?? "Updated per patient request"
            sale.dueDate = SampleCalendar.string(day + rng.int(14...45))
        }
        let time = now()
        sale.touch(time)
        book.sales[saleId - 1] = sale
        book.log(.sale, saleId, .update, at: time, by: audiologist())
    }

    /// Voids a sale nothing has been paid, credited or returned on yet.
    func voidSale(_ saleId: Int) {
        let sale = book.sales[saleId - 1]
        guard sale.status == "open", !sale.broken, !sale.settled else { return }
        book.sales[saleId - 1].status = "void"
        book.sales[saleId - 1].patientOpen = 0
        for index in sale.payerOpen.indices { book.sales[saleId - 1].payerOpen[index].open = 0 }
        let time = now()
        book.sales[saleId - 1].touch(time)
        book.log(.sale, saleId, .void, at: time, by: frontDesk(sale.locationId))
    }

    /// Updates a chart: a move, a new phone or e-mail, a note, a new plan; or the patient leaves
    /// the practice or dies.
    func editPatient(_ patientId: Int) {
        var patient = book.patients[patientId - 1]
        guard patient.status == "active" else { return }
        let roll = rng.int(below: 100)
        if roll < 35 {
            let town = SampleNames.towns[rng.weighted(SampleNames.towns.map(\.weight))]
            patient.address1 = "\(rng.int(100...9899)) \(rng.pick(SampleNames.streets))"
            patient.address2 = rng.chance(0.3) ? rng.pick(SampleNames.secondLines) : nil
            (patient.city, patient.region, patient.postalCode) = (town.city, town.region, town.zip)
        } else if roll < 55 {
            patient.mobilePhone = SamplePeople.phone(&rng)
        } else if roll < 65 {
            patient.email = SamplePeople.email(first: patient.firstName, last: patient.lastName, rng: &rng)
        } else if roll < 85 {
            let other = book.patients[rng.int(below: book.patients.count)]
            let note = SamplePatientNotes.note(other: other.id == patientId ? nil : other, rng: &rng)
            patient.notes = patient.notes.map { $0 + "\n" + today + ": " + note } ?? note
        } else if roll < 93 {
            patient.insuranceMemberId = SamplePeople.memberId(payerId: rng.int(1...max(1, book.payers.count)), rng: &rng)
        } else {
            patient.status = roll < 97 ? "inactive" : "deceased"
            if patient.status == "deceased" {
                patient.notes = (patient.notes.map { $0 + "\n" } ?? "") + "Deceased \(today), per family."
            }
            roster.remove(patientId)
        }
        let time = now()
        patient.touch(time)
        book.patients[patientId - 1] = patient
        book.log(.patient, patientId, .update, at: time, by: frontDesk(location(of: patient)))
    }

    /// A manufacturer price increase, a model discontinued, or a new model added to the list.
    func editCatalog() {
        let time: String
        let id: Int
        switch rng.weighted([70, 10, 20]) {
        case 0:
            guard !catalog.hearingAids.isEmpty else { return }
            id = rng.pick(catalog.hearingAids + catalog.batteries + catalog.accessories)
            let price = book.items[id - 1].unitPriceCents
            book.items[id - 1].unitPriceCents = price + SampleMath.divideRounded(price * rng.int(2...6), by: 100)
            time = now()
            book.items[id - 1].touch(time)
            book.log(.item, id, .update, at: time, by: SampleCatalog.admin)
        case 1:
            guard catalog.hearingAids.count > 12 else { return }
            id = rng.pick(catalog.hearingAids)
            book.items[id - 1].active = false
            time = now()
            book.items[id - 1].touch(time)
            book.log(.item, id, .update, at: time, by: SampleCatalog.admin)
        default:
            let family = rng.pick(SampleItemCatalog.families)
            let level = rng.int(1...4)
            id = book.items.count + 1
            let generation = book.items.filter { $0.manufacturer == family.manufacturer && $0.kind == "hearing_aid" }.count + 1
            time = now()
            book.items.append(ItemRow(
                id: id, kind: "hearing_aid", name: "\(family.manufacturer) \(family.models[0].0.split(separator: " ")[0]) Gen \(generation) L\(level)",
                sku: "HA-\(family.code)-" + SampleCalendar.pad(generation, 2) + "L\(level)", manufacturer: family.manufacturer,
                unitPriceCents: SampleItemCatalog.hearingAidPrice(level: level, variant: generation), taxable: false,
                active: true, updatedAt: time))
            book.log(.item, id, .create, at: time, by: SampleCatalog.admin)
        }
        catalog = SampleCatalogIndex(book: book)
    }

    /// A third party's address or phone changes, or it stops being billed.
    func editPayer() {
        guard !book.payers.isEmpty else { return }
        let id = rng.int(1...book.payers.count)
        guard book.payers[id - 1].active else { return }
        if rng.chance(0.15), book.payers.filter(\.active).count > 10 {
            book.payers[id - 1].active = false
        } else if rng.chance(0.5) {
            book.payers[id - 1].address1 = "PO Box \(rng.int(1_000...99_999))"
        } else {
            book.payers[id - 1].phone = "(800) 555-01" + SampleCalendar.twoDigits[rng.int(below: 100)]
        }
        let time = now()
        book.payers[id - 1].touch(time)
        book.log(.payer, id, .update, at: time, by: SampleCatalog.admin)
        catalog = SampleCatalogIndex(book: book)
    }
}
