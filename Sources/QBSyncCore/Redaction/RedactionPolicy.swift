/// What a redacted patient's QuickBooks customer may carry. The pseudonym (`DisplayName`,
/// derived) and `Active` always go; a pipeline may allow a few more fields, filled from OMS
/// columns that HIPAA Safe Harbor does not count as identifiers (the state, the country);
/// every other field is dropped. A policy that would send an identifier is refused when the
/// pipeline is read, before anything runs: the policy fails closed, and the leak check
/// stands behind it at every run.
public enum RedactionPolicy {
    /// QuickBooks customer fields a policy may allow, and the OMS columns that may fill them.
    public static let allowedFields: [String: Set<String>] = [
        "BillAddr.CountrySubDivisionCode": ["region"],
        "BillAddr.Country": ["country"],
    ]

    /// The validated `[redaction.patient_fields]` table.
    static func patientFields(_ table: [String: String], path: String) throws -> [String: String] {
        for (field, column) in table {
            guard let columns = allowedFields[field] else {
                throw PipelineError.invalid(
                    path,
                    "[redaction.patient_fields] may not send \(field) for a redacted patient: only \(allowedFields.keys.sorted().joined(separator: ", ")) can be allowed (turn redaction off, by name, to send more)")
            }
            guard columns.contains(column) else {
                throw PipelineError.invalid(
                    path,
                    "[redaction.patient_fields] \(field) may only come from \(columns.sorted().joined(separator: " or ")), not the OMS column \(column)")
            }
        }
        return table
    }

    /// The address parts a redacted patient's customer may carry, filled from `row` as the
    /// allowed fields say; nil when none is filled (no address is sent at all).
    static func allowedAddress(_ fields: [String: String], row: RowReader) -> PostalAddress? {
        let region = fields["BillAddr.CountrySubDivisionCode"].flatMap(row.optionalString)
        let country = fields["BillAddr.Country"].flatMap(row.optionalString)
        guard region != nil || country != nil else { return nil }
        return PostalAddress(region: region, country: country)
    }
}
