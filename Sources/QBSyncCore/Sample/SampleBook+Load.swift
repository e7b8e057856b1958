import GRDB

/// Loading a sample database written earlier into a book, to add activity to it.
extension SampleBook {
    /// Reads every table the simulation works with. Ids must be dense from 1, as the generator
    /// writes them; anything else is not a database this generator can extend.
    static func load(from db: Database, path: String) throws -> SampleBook {
        let book = SampleBook()
        func dense(_ id: Int, _ count: Int, _ table: String) throws {
            guard id == count + 1 else {
                throw SampleError.notASampleDatabase(path: path, reason: "\(table) ids are not 1, 2, 3, ... (found \(id))")
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM locations ORDER BY id") {
            try dense(row["id"], book.locations.count, "locations")
            book.locations.append(LocationRow(id: row["id"], name: row["name"], active: row["active"], rowState: .clean))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM payment_methods ORDER BY id") {
            try dense(row["id"], book.methods.count, "payment_methods")
            book.methods.append(MethodRow(id: row["id"], name: row["name"], kind: row["kind"], rowState: .clean))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM payers ORDER BY id") {
            try dense(row["id"], book.payers.count, "payers")
            book.add(PayerRow(
                id: row["id"], name: row["name"], address1: row["address1"], city: row["city"], region: row["region"],
                postalCode: row["postal_code"], phone: row["phone"], email: row["email"], active: row["active"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM items ORDER BY id") {
            try dense(row["id"], book.items.count, "items")
            book.items.append(ItemRow(
                id: row["id"], kind: row["kind"], name: row["name"], sku: row["sku"], manufacturer: row["manufacturer"],
                unitPriceCents: row["unit_price_cents"], taxable: row["taxable"], active: row["active"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        let patients = try Row.fetchCursor(db, sql: "SELECT * FROM patients ORDER BY id")
        while let row = try patients.next() {
            try dense(row["id"], book.patients.count, "patients")
            book.add(PatientRow(
                id: row["id"], chartNumber: row["chart_number"], firstName: row["first_name"],
                middleName: row["middle_name"], lastName: row["last_name"], dateOfBirth: row["date_of_birth"],
                address1: row["address1"], address2: row["address2"], city: row["city"], region: row["region"],
                postalCode: row["postal_code"], country: row["country"], homePhone: row["home_phone"],
                mobilePhone: row["mobile_phone"], email: row["email"], insuranceMemberId: row["insurance_member_id"],
                notes: row["notes"], locationId: row["location_id"], status: row["status"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        try loadSales(db, into: book, dense: dense)
        try loadPayments(db, into: book, dense: dense)
        try loadCredits(db, into: book, dense: dense)
        book.loadedChangeCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0
        book.lastLoadedDay = try String.fetchOne(db, sql: "SELECT MAX(changed_at) FROM change_log")
            .flatMap(SampleCalendar.parseTimestampDay)
        book.nextSaleLineId = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM sale_lines") ?? 0) + 1
        book.nextReturnLineId = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM return_lines") ?? 0) + 1
        book.nextSaleNumber = max(book.nextSaleNumber, (book.sales.compactMap { trailingNumber($0.number) }.max() ?? 0) + 1)
        book.nextReturnNumber = (book.returns.compactMap { trailingNumber($0.number) }.max() ?? 0) + 1
        book.rebuildBalances()
        return book
    }

    private static func loadSales(_ db: Database, into book: SampleBook, dense: (Int, Int, String) throws -> Void) throws {
        let sales = try Row.fetchCursor(db, sql: "SELECT * FROM sales ORDER BY id")
        while let row = try sales.next() {
            try dense(row["id"], book.sales.count, "sales")
            book.sales.append(SaleRow(
                id: row["id"], number: row["number"], patientId: row["patient_id"], locationId: row["location_id"],
                saleDate: row["sale_date"], dueDate: row["due_date"], status: row["status"], memo: row["memo"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        let lines = try Row.fetchCursor(db, sql: "SELECT * FROM sale_lines ORDER BY sale_id, line_no, id")
        while let row = try lines.next() {
            let saleId: Int = row["sale_id"]
            book.sales[saleId - 1].lines.append(SaleLineRow(
                id: row["id"], lineNo: row["line_no"], itemId: row["item_id"], description: row["description"],
                serialNumber: row["serial_number"], ear: row["ear"], quantityMilli: row["quantity_milli"],
                unitPriceCents: row["unit_price_cents"], discountCents: row["discount_cents"], taxCents: row["tax_cents"]))
        }
        let allocations = try Row.fetchCursor(db, sql: """
            SELECT l.sale_id, a.sale_line_id, a.payer_id, a.amount_cents
            FROM sale_allocations a JOIN sale_lines l ON l.id = a.sale_line_id ORDER BY a.rowid
            """)
        while let row = try allocations.next() {
            let saleIndex = (row["sale_id"] as Int) - 1
            let lineId: Int = row["sale_line_id"]
            guard let lineIndex = book.sales[saleIndex].lines.firstIndex(where: { $0.id == lineId }) else { continue }
            book.sales[saleIndex].lines[lineIndex].allocations.append(
                AllocationRow(payerId: row["payer_id"], amountCents: row["amount_cents"]))
        }
    }

    private static func loadPayments(_ db: Database, into book: SampleBook, dense: (Int, Int, String) throws -> Void) throws {
        let payments = try Row.fetchCursor(db, sql: "SELECT * FROM payments ORDER BY id")
        while let row = try payments.next() {
            try dense(row["id"], book.payments.count, "payments")
            book.payments.append(PaymentRow(
                id: row["id"], patientId: row["patient_id"], payerId: row["payer_id"], locationId: row["location_id"],
                methodId: row["method_id"], receivedDate: row["received_date"], amountCents: row["amount_cents"],
                reference: row["reference"], deposited: row["deposited"], memo: row["memo"], status: row["status"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        let applications = try Row.fetchCursor(db, sql: "SELECT * FROM payment_applications ORDER BY rowid")
        while let row = try applications.next() {
            let paymentId: Int = row["payment_id"]
            book.payments[paymentId - 1].applications.append(
                ApplicationRow(saleId: row["sale_id"], payerId: row["payer_id"], amountCents: row["amount_cents"]))
        }
    }

    private static func loadCredits(_ db: Database, into book: SampleBook, dense: (Int, Int, String) throws -> Void) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM returns ORDER BY id") {
            try dense(row["id"], book.returns.count, "returns")
            book.returns.append(ReturnRow(
                id: row["id"], number: row["number"], saleId: row["sale_id"], returnDate: row["return_date"],
                reason: row["reason"], status: row["status"], updatedAt: row["updated_at"], rowState: .clean))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM return_lines ORDER BY id") {
            let returnId: Int = row["return_id"]
            book.returns[returnId - 1].lines.append(ReturnLineRow(
                id: row["id"], saleLineId: row["sale_line_id"], quantityMilli: row["quantity_milli"],
                amountCents: row["amount_cents"], serialNumber: row["serial_number"]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM refunds ORDER BY id") {
            try dense(row["id"], book.refunds.count, "refunds")
            book.refunds.append(RefundRow(
                id: row["id"], patientId: row["patient_id"], payerId: row["payer_id"], locationId: row["location_id"],
                methodId: row["method_id"], returnId: row["return_id"], refundDate: row["refund_date"],
                amountCents: row["amount_cents"], memo: row["memo"], status: row["status"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM write_offs ORDER BY id") {
            try dense(row["id"], book.writeOffs.count, "write_offs")
            book.writeOffs.append(WriteOffRow(
                id: row["id"], saleId: row["sale_id"], payerId: row["payer_id"], writeOffDate: row["write_off_date"],
                amountCents: row["amount_cents"], reason: row["reason"], status: row["status"],
                updatedAt: row["updated_at"], rowState: .clean))
        }
    }
}
