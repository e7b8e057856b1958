import GRDB

/// Writing the book to the database: every new or changed row once, in its final state, parents
/// before children, with one prepared statement per table; then the change-log rows in order.
extension SampleBook {
    /// Writes what changed since the book was loaded (everything, for a new book).
    func save(to db: Database) throws {
        let location = try upsert(db, "locations", ["id", "name", "active"])
        for row in locations where row.rowState != .clean {
            try location.execute(arguments: [row.id, row.name, row.active])
        }
        let method = try upsert(db, "payment_methods", ["id", "name", "kind"])
        for row in methods where row.rowState != .clean {
            try method.execute(arguments: [row.id, row.name, row.kind])
        }
        let payer = try upsert(db, "payers", [
            "id", "name", "address1", "city", "region", "postal_code", "phone", "email", "active", "updated_at",
        ])
        for row in payers where row.rowState != .clean {
            try payer.execute(arguments: [
                row.id, row.name, row.address1, row.city, row.region, row.postalCode, row.phone, row.email,
                row.active, row.updatedAt,
            ])
        }
        let item = try upsert(db, "items", [
            "id", "kind", "name", "sku", "manufacturer", "unit_price_cents", "taxable", "active", "updated_at",
        ])
        for row in items where row.rowState != .clean {
            try item.execute(arguments: [
                row.id, row.kind, row.name, row.sku, row.manufacturer, row.unitPriceCents, row.taxable, row.active,
                row.updatedAt,
            ])
        }
        let patient = try upsert(db, "patients", [
            "id", "chart_number", "first_name", "middle_name", "last_name", "date_of_birth", "address1", "address2",
            "city", "region", "postal_code", "country", "home_phone", "mobile_phone", "email", "insurance_member_id",
            "notes", "location_id", "status", "updated_at",
        ])
        for row in patients where row.rowState != .clean {
            try patient.execute(arguments: [
                row.id, row.chartNumber, row.firstName, row.middleName, row.lastName, row.dateOfBirth, row.address1,
                row.address2, row.city, row.region, row.postalCode, row.country, row.homePhone, row.mobilePhone,
                row.email, row.insuranceMemberId, row.notes, row.locationId, row.status, row.updatedAt,
            ])
        }
        try saveSales(db)
        try savePayments(db)
        try saveCredits(db)
        let change = try db.makeStatement(sql: """
            INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES (?, ?, ?, ?, ?)
            """)
        for row in changes {
            try change.execute(arguments: [row.entity.rawValue, row.entityId, row.op.rawValue, row.changedAt, row.changedBy])
        }
        let skipped = try db.makeStatement(sql: """
            INSERT INTO legacy_skipped (id, entity, entity_id, skipped_at, message) VALUES (?, ?, ?, ?, ?)
            """)
        for row in legacy {
            try skipped.execute(arguments: [row.id, row.entity, row.entityId, row.skippedAt, row.message])
        }
    }

    private func saveSales(_ db: Database) throws {
        let sale = try upsert(db, "sales", [
            "id", "number", "patient_id", "location_id", "sale_date", "due_date", "status", "memo", "updated_at",
        ])
        let line = try upsert(db, "sale_lines", [
            "id", "sale_id", "line_no", "item_id", "description", "serial_number", "ear", "quantity_milli",
            "unit_price_cents", "discount_cents", "tax_cents",
        ])
        let clearAllocations = try db.makeStatement(sql: """
            DELETE FROM sale_allocations WHERE sale_line_id IN (SELECT id FROM sale_lines WHERE sale_id = ?)
            """)
        let allocation = try db.makeStatement(sql: """
            INSERT INTO sale_allocations (sale_line_id, payer_id, amount_cents) VALUES (?, ?, ?)
            """)
        for row in sales where row.rowState != .clean {
            try sale.execute(arguments: [
                row.id, row.number, row.patientId, row.locationId, row.saleDate, row.dueDate, row.status, row.memo,
                row.updatedAt,
            ])
            if row.rowState == .dirty { try clearAllocations.execute(arguments: [row.id]) }
            for l in row.lines {
                try line.execute(arguments: [
                    l.id, row.id, l.lineNo, l.itemId, l.description, l.serialNumber, l.ear, l.quantityMilli,
                    l.unitPriceCents, l.discountCents, l.taxCents,
                ])
                for a in l.allocations { try allocation.execute(arguments: [l.id, a.payerId, a.amountCents]) }
            }
        }
    }

    private func savePayments(_ db: Database) throws {
        let payment = try upsert(db, "payments", [
            "id", "patient_id", "payer_id", "location_id", "method_id", "received_date", "amount_cents", "reference",
            "deposited", "memo", "status", "updated_at",
        ])
        let clearApplications = try db.makeStatement(sql: "DELETE FROM payment_applications WHERE payment_id = ?")
        let application = try db.makeStatement(sql: """
            INSERT INTO payment_applications (payment_id, sale_id, payer_id, amount_cents) VALUES (?, ?, ?, ?)
            """)
        for row in payments where row.rowState != .clean {
            try payment.execute(arguments: [
                row.id, row.patientId, row.payerId, row.locationId, row.methodId, row.receivedDate, row.amountCents,
                row.reference, row.deposited, row.memo, row.status, row.updatedAt,
            ])
            if row.rowState == .dirty { try clearApplications.execute(arguments: [row.id]) }
            for a in row.applications { try application.execute(arguments: [row.id, a.saleId, a.payerId, a.amountCents]) }
        }
    }

    private func saveCredits(_ db: Database) throws {
        let returnRow = try upsert(db, "returns", [
            "id", "number", "sale_id", "return_date", "reason", "status", "updated_at",
        ])
        let returnLine = try upsert(db, "return_lines", [
            "id", "return_id", "sale_line_id", "quantity_milli", "amount_cents", "serial_number",
        ])
        for row in returns where row.rowState != .clean {
            try returnRow.execute(arguments: [
                row.id, row.number, row.saleId, row.returnDate, row.reason, row.status, row.updatedAt,
            ])
            for l in row.lines {
                try returnLine.execute(arguments: [l.id, row.id, l.saleLineId, l.quantityMilli, l.amountCents, l.serialNumber])
            }
        }
        let refund = try upsert(db, "refunds", [
            "id", "patient_id", "payer_id", "location_id", "method_id", "return_id", "refund_date", "amount_cents",
            "memo", "status", "updated_at",
        ])
        for row in refunds where row.rowState != .clean {
            try refund.execute(arguments: [
                row.id, row.patientId, row.payerId, row.locationId, row.methodId, row.returnId, row.refundDate,
                row.amountCents, row.memo, row.status, row.updatedAt,
            ])
        }
        let writeOff = try upsert(db, "write_offs", [
            "id", "sale_id", "payer_id", "write_off_date", "amount_cents", "reason", "status", "updated_at",
        ])
        for row in writeOffs where row.rowState != .clean {
            try writeOff.execute(arguments: [
                row.id, row.saleId, row.payerId, row.writeOffDate, row.amountCents, row.reason, row.status,
                row.updatedAt,
            ])
        }
    }

    /// `INSERT ... ON CONFLICT(id) DO UPDATE`: one statement for new rows and changed ones.
    private func upsert(_ db: Database, _ table: String, _ columns: [String]) throws -> Statement {
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return try db.makeStatement(sql: """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) \
            ON CONFLICT(id) DO UPDATE SET \(updates)
            """)
    }
}
