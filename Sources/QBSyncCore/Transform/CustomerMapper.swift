import QBSyncJSON

/// Patients and payers -> customers. A redacted patient is only a pseudonym
/// (`Patient K7QM-2XH4`) and an active flag; a payer is an organisation and keeps its details.
struct CustomerMapper {
    /// What a patient or payer asks the transform to claim: its unique name (for a redacted
    /// patient, its pseudonym first).
    static func claims(_ record: ExtractedRecord, reference: ReferenceData) -> [ClaimRequest] {
        let key = ObjectKey.customer(record.ref)
        guard let row = try? RowReader(ref: record.ref.description, row: record.row) else { return [] }
        if record.ref.entity == OMSEntity.payer.name {
            return (try? row.string("name")).map { [.name(namespace: .customer, key: key, source: $0)] } ?? []
        }
        guard let status = try? row.string("status"), ["active", "inactive", "deceased"].contains(status) else { return [] }
        if reference.redacted { return [.pseudonymousName(key: key, patientID: record.ref.id)] }
        guard let first = try? row.string("first_name"), let last = try? row.string("last_name") else { return [] }
        return [.name(namespace: .customer, key: key, source: fullName(first: first, middle: row.optionalString("middle_name"), last: last))]
    }

    static func fullName(first: String, middle: String?, last: String) -> String {
        [first, middle, last].compactMap { $0 }.joined(separator: " ")
    }

    /// The changes for a patient: create or update, and when inactive or deceased a last-wave
    /// deactivation so that the run's documents are posted first.
    static func patient(_ record: ExtractedRecord, inputs: MapperInputs) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let status = try row.string("status")
        guard ["active", "inactive", "deceased"].contains(status) else { throw row.bad("status", "is not active, inactive or deceased") }
        let key = ObjectKey.customer(record.ref)
        var customer: CustomerChange
        if inputs.reference.redacted {
            customer = CustomerChange(displayName: try inputs.claims.name(key))
            customer.address = RedactionPolicy.allowedAddress(inputs.settings.redaction.patientFields, row: row)
        } else {
            let first = try row.string("first_name")
            let last = try row.string("last_name")
            customer = CustomerChange(displayName: try inputs.claims.name(key))
            customer.givenName = first
            customer.familyName = last
            customer.middleName = row.optionalString("middle_name")
            customer.phone = row.optionalString("home_phone")
            customer.mobile = row.optionalString("mobile_phone")
            customer.email = row.optionalString("email")
            customer.address = address(row, line2: "address2")
        }
        return changes(key: key, ref: ref, customer: customer, active: status == "active", inputs: inputs)
    }

    /// The changes for a third-party payer.
    static func payer(_ record: ExtractedRecord, inputs: MapperInputs) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let name = try row.string("name")
        let key = ObjectKey.customer(record.ref)
        var customer = CustomerChange(displayName: try inputs.claims.name(key))
        customer.companyName = name
        customer.address = address(row, line2: nil)
        customer.phone = row.optionalString("phone")
        customer.email = row.optionalString("email")
        return changes(key: key, ref: ref, customer: customer, active: row.optionalInt("active") != 0, inputs: inputs)
    }

    /// The customer posted active (its documents in this run may need it), and when the OMS says
    /// it is not, made inactive in the last wave, after them. One QuickBooks holds inactive is
    /// made active again when the OMS says so, though nothing else about it changed.
    private static func changes(key: ObjectKey, ref: String, customer: CustomerChange, active: Bool, inputs: MapperInputs) -> [PlannedChange] {
        let upsert = inputs.upsert(
            PlannedChange(
                key: key, ref: ref, operation: .create, change: .customer(customer), wave: .names, identifiedBy: customer.displayName))
        let inactiveNow = inputs.holdings.object(key)?.active == false
        var changes: [PlannedChange] = []
        if let upsert {
            changes.append(upsert)
        } else if active, inactiveNow {
            changes.append(.activeFlag(true, key: key, ref: ref))
        }
        // An upsert leaves the customer active, so one that stays inactive is made so again.
        if !active, upsert != nil || !inactiveNow {
            changes.append(.activeFlag(false, key: key, ref: ref))
        }
        return changes
    }

    private static func address(_ row: RowReader, line2: String?) -> PostalAddress {
        PostalAddress(
            line1: row.optionalString("address1"), line2: line2.flatMap(row.optionalString), city: row.optionalString("city"),
            region: row.optionalString("region"), postalCode: row.optionalString("postal_code"), country: row.optionalString("country"))
    }
}
