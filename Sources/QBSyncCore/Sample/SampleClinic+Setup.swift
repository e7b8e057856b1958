/// Setting the clinic up: on a new database, the catalog and the patients already on file are
/// written in the early morning of the first day (the export's initial load); on an existing one,
/// the working state (who can walk in, open claims, undeposited payments, follow-ups) is rebuilt
/// from the book.
extension SampleClinic {
    /// Writes locations, payment methods, third parties and items (those have change-log rows;
    /// locations and methods have none, as in the contract), then `patients` existing patients.
    func setUp(patients: Int) {
        let catalogItems = SampleItemCatalog.items
        beginSetup(day: firstDay, expectedWrites: SampleCatalog.payers.count + catalogItems.count + patients)
        for (index, location) in SampleCatalog.locations.enumerated() {
            book.locations.append(LocationRow(id: index + 1, name: location.name, active: location.active))
        }
        for (index, method) in SampleCatalog.methods.enumerated() {
            book.methods.append(MethodRow(id: index + 1, name: method.name, kind: method.kind))
        }
        for (index, payer) in SampleCatalog.payers.enumerated() {
            let time = now()
            book.add(PayerRow(
                id: index + 1, name: payer.name, address1: payer.address1, city: payer.city, region: payer.region,
                postalCode: payer.postalCode, phone: payer.phone, email: payer.email, active: payer.active,
                updatedAt: time))
            book.log(.payer, index + 1, .create, at: time, by: SampleCatalog.admin)
        }
        for (index, item) in catalogItems.enumerated() {
            let time = now()
            book.items.append(ItemRow(
                id: index + 1, kind: item.kind, name: item.name, sku: item.sku, manufacturer: item.manufacturer,
                unitPriceCents: item.priceCents, taxable: item.taxable, active: item.active, updatedAt: time))
            book.log(.item, index + 1, .create, at: time, by: SampleCatalog.admin)
        }
        catalog = SampleCatalogIndex(book: book)
        importPatients(patients)
        resume(planFollowUps: false)
    }

    /// The patients on file before the window: created by the initial import, a few already
    /// inactive or deceased (at least one of each once there are a handful); one shares the full
    /// name of the first, as happens in every practice.
    private func importPatients(_ count: Int) {
        guard count > 0 else { return }
        let twin = max(2, (count + 1) / 2)
        for id in 1...count {
            let other = id > 1 ? book.patients[rng.int(below: id - 1)] : nil
            var patient = SamplePeople.makePatient(id: id, time: now(), today: firstDay, other: other, rng: &rng)
            if id == twin, id > 1 {
                patient.firstName = book.patients[0].firstName
                patient.middleName = book.patients[0].middleName
                patient.lastName = book.patients[0].lastName
            }
            let roll = count >= 6 && id == count / 3 ? 0 : count >= 6 && id == count * 2 / 3 ? 3 : rng.int(below: 100)
            if roll < 3 {
                patient.status = "inactive"
            } else if roll < 4 {
                patient.status = "deceased"
                patient.notes = (patient.notes.map { $0 + "\n" } ?? "") + "Deceased. Keep chart for 7 years."
            }
            book.add(patient)
            book.log(.patient, id, .create, at: patient.updatedAt, by: SampleCatalog.importer)
        }
    }

    /// Rebuilds the working state from the book; with `planFollowUps`, also plans payments for
    /// balances still open and a few trial returns for recent hearing-aid sales (for a database
    /// generated earlier, whose own plans were not kept).
    func resume(planFollowUps: Bool) {
        roster = SampleRoster()
        for patient in book.patients where patient.status == "active" { roster.add(patient.id) }
        claims = Array(repeating: [], count: book.payers.count)
        claimHeads = Array(repeating: 0, count: book.payers.count)
        undeposited = Array(repeating: [], count: book.locations.count)
        for sale in book.sales where sale.status == "open" && !sale.broken {
            for share in sale.payerOpen where share.open > 0 { claims[share.payerId - 1].append(sale.id) }
        }
        for payment in book.payments where payment.status == "active" && !payment.deposited {
            undeposited[payment.locationId - 1].append(payment.id)
        }
        guard planFollowUps else { return }
        let trialStart = SampleCalendar.string(firstDay - 30)
        let horizon = min(30, lastDay - firstDay + 1)
        for sale in book.sales where sale.status == "open" && !sale.broken {
            if sale.patientOpen > 0 && rng.chance(0.6) {
                agenda[rng.int(below: horizon)].append(.payBalance(sale: sale.id))
            }
            if sale.saleDate >= trialStart, rng.chance(0.05),
                sale.lines.contains(where: { book.items[$0.itemId - 1].kind == "hearing_aid" })
            {
                agenda[rng.int(below: horizon)].append(.trialReturn(sale: sale.id))
            }
        }
    }
}
