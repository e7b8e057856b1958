import QBSyncJSON

/// Patients and payers -> QuickBooks customers. A redacted patient is only a pseudonym
/// (`Patient K7QM-2XH4`) and an active flag; a payer is an organisation and keeps its details.
struct CustomerMapper {
    let context: MappingContext

    /// The operations for a patient: create or update, and when inactive or deceased a last-wave
    /// deactivation so that the run's documents are posted first.
    func patient(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let status = try row.string("status")
        guard ["active", "inactive", "deceased"].contains(status) else { throw row.bad("status", "is not active, inactive or deceased") }
        let key = "customer \(ref)"
        let displayName: String
        var body: JSONValue = ["Active": true]
        if context.redacted {
            let code = try context.ledger.pseudonym(patientID: record.ref.id)
            let preferred = Pseudonym.displayName(prefix: context.settings.redaction.patientPrefix, code: code)
            displayName = try context.ledger.uniqueName(namespace: "customer", key: key, source: preferred) {
                QBONames.candidate(preferred, attempt: $0)
            }
            RedactionPolicy.apply(context.settings.redaction.patientFields, row: row, to: &body)
        } else {
            let first = try row.string("first_name")
            let last = try row.string("last_name")
            let full = [first, row.optionalString("middle_name"), last].compactMap { $0 }.joined(separator: " ")
            displayName = try context.ledger.uniqueName(namespace: "customer", key: key, source: full) {
                QBONames.candidate(full, attempt: $0)
            }
            body["GivenName"] = .string(QBONames.candidate(first, attempt: 0))
            body["FamilyName"] = .string(QBONames.candidate(last, attempt: 0))
            if let middle = row.optionalString("middle_name") { body["MiddleName"] = .string(QBONames.candidate(middle, attempt: 0)) }
            if let phone = row.optionalString("home_phone") { body["PrimaryPhone"] = ["FreeFormNumber": .string(String(phone.prefix(30)))] }
            if let mobile = row.optionalString("mobile_phone") { body["Mobile"] = ["FreeFormNumber": .string(String(mobile.prefix(30)))] }
            if let email = row.optionalString("email") { body["PrimaryEmailAddr"] = ["Address": .string(String(email.prefix(100)))] }
            body["BillAddr"] = address(row, line1: "address1", line2: "address2")
        }
        body["DisplayName"] = .string(displayName)
        return try customer(key: key, ref: ref, body: body, displayName: displayName, active: status == "active")
    }

    /// The operations for a third-party payer.
    func payer(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let name = try row.string("name")
        let key = "customer \(ref)"
        let displayName = try context.ledger.uniqueName(namespace: "customer", key: key, source: name) {
            QBONames.candidate(name, attempt: $0)
        }
        var body: JSONValue = [
            "DisplayName": .string(displayName), "CompanyName": .string(QBONames.candidate(name, attempt: 0)), "Active": true,
            "BillAddr": address(row, line1: "address1", line2: nil),
        ]
        if let phone = row.optionalString("phone") { body["PrimaryPhone"] = ["FreeFormNumber": .string(String(phone.prefix(30)))] }
        if let email = row.optionalString("email") { body["PrimaryEmailAddr"] = ["Address": .string(String(email.prefix(100)))] }
        return try customer(key: key, ref: ref, body: body, displayName: displayName, active: row.optionalInt("active") != 0)
    }

    /// The customer posted active (its documents in this run may need it), and when the OMS says
    /// it is not, made inactive in the last wave, after them. One the ledger knows inactive is
    /// made active again when the OMS says so, though nothing else about it changed.
    private func customer(key: String, ref: String, body: JSONValue, displayName: String, active: Bool) throws -> [PlannedOperation] {
        let upsert = try context.upsert(
            key: key, ref: ref, entity: "Customer", body: body, wave: .names,
            lookup: Lookup(entity: "Customer", field: "DisplayName", value: displayName))
        let inactiveNow = try context.object(key)?.active == false
        var operations: [PlannedOperation] = []
        if let upsert {
            operations.append(upsert)
            context.notePosted(customer: key)
        } else if active, inactiveNow {
            operations.append(context.activeFlag(true, key: key, ref: ref))
            context.notePosted(customer: key)
        }
        // An upsert leaves the customer active, so one that stays inactive is made so again.
        if !active, upsert != nil || !inactiveNow {
            operations.append(context.activeFlag(false, key: key, ref: ref))
        }
        return operations
    }

    private func address(_ row: RowReader, line1: String, line2: String?) -> JSONValue {
        var address: [String: JSONValue] = [:]
        if let text = row.optionalString(line1) { address["Line1"] = .string(String(text.prefix(500))) }
        if let line2, let text = row.optionalString(line2) { address["Line2"] = .string(String(text.prefix(500))) }
        if let city = row.optionalString("city") { address["City"] = .string(String(city.prefix(255))) }
        if let region = row.optionalString("region") { address["CountrySubDivisionCode"] = .string(String(region.prefix(255))) }
        if let postal = row.optionalString("postal_code") { address["PostalCode"] = .string(String(postal.prefix(30))) }
        if let country = row.optionalString("country") { address["Country"] = .string(String(country.prefix(255))) }
        return .object(address)
    }
}
