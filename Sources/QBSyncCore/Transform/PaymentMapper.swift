import QBSyncJSON

/// OMS payments -> QuickBooks payments linked to the invoices they pay (the patient's or a third
/// party's), the unapplied rest left as a credit on the customer. `TotalAmt` is always the money
/// received; the load applies what still fits each invoice (a write-off or return credit may
/// have taken part of it) and leaves the rest unapplied. Edits update the payment with
/// its current SyncToken (lines all or none); deletions delete it. A payment already deposited
/// in the books is not changed by qbsync: an edit or deletion of it goes to manual entry.
struct PaymentMapper {
    let context: MappingContext

    func payment(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = "payment \(ref)"
        let existing = try context.object(key)
        let deposited = row.optionalInt("deposited") == 1
        let status = try row.string("status")
        guard ["active", "deleted"].contains(status) else { throw row.bad("status", "is not active or deleted") }
        if status == "deleted" {
            guard let existing, existing.active else { return [] }
            if deposited { throw manual(ref, "was deleted in the OMS after it was deposited") }
            return [
                PlannedOperation(
                    key: key, ref: ref, entity: "Payment", operation: "delete",
                    body: ["Id": Placeholder.id(key), "SyncToken": Placeholder.syncToken(key)], wave: .settlements, lookup: nil)
            ]
        }
        let patient = row.optionalInt("patient_id")
        let payer = row.optionalInt("payer_id")
        guard (patient == nil) != (payer == nil) else {
            throw RecordFailure(
                ref: ref, code: "oms-payer",
                message: "\(ref) names \(patient == nil ? "neither a patient nor a payer" : "both a patient and a payer"); a payment comes from exactly one. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        let amount = try row.int("amount_cents")
        guard amount >= 0 else { throw row.bad("amount_cents", "is negative") }
        var lines: [JSONValue] = []
        var applied = 0
        for child in row.children("applications") {
            let application = try RowReader(ref: ref, row: child)
            let saleID = try application.int("sale_id")
            let billTo = application.optionalInt("payer_id")
            let cents = try application.int("amount_cents")
            try checkApplication(ref: ref, saleID: saleID, billTo: billTo, patient: patient, payer: payer)
            guard cents > 0 else { continue }
            applied += cents
            let invoice = "invoice sale:\(saleID) \(billTo.map { "payer:\($0)" } ?? "patient")"
            lines.append(["Amount": .cents(cents), "LinkedTxn": [["TxnId": Placeholder.id(invoice), "TxnType": "Invoice"]]])
        }
        guard applied <= amount else {
            throw RecordFailure(
                ref: ref, code: "oms-overapplied",
                message: "\(ref) applies \(Money.decimalString(cents: applied)) to sales but is only \(Money.decimalString(cents: amount)). Correct the applications in the OMS, then 'qbsync retry \(ref)'.")
        }
        let locationID = try row.int("location_id")
        let methodID = try row.int("method_id")
        let body: JSONValue = [
            "CustomerRef": Placeholder.ref(patient.map { "customer patient:\($0)" } ?? "customer payer:\(payer!)"),
            "TotalAmt": .cents(amount), "TxnDate": .string(try row.date("received_date")), "Line": .array(lines),
            "PaymentMethodRef": Placeholder.ref(try context.paymentMethodKey(methodID: methodID, for: ref)),
            "DepositToAccountRef": ["value": Placeholder.account(context.depositAccount(locationID: locationID, methodID: methodID))],
            "PaymentRefNum": .string("P\(record.ref.id)"), "PrivateNote": .string("qbsync \(ref)"),
        ]
        guard
            let operation = try context.upsert(
                key: key, ref: ref, entity: "Payment", body: body, wave: .settlements,
                lookup: Lookup(entity: "Payment", field: "PaymentRefNum", value: "P\(record.ref.id)"), expectedCents: amount)
        else { return [] }
        if operation.operation == "update", deposited || existing?.active == false {
            throw manual(ref, existing?.active == false ? "was deleted in QuickBooks and then changed in the OMS" : "was changed in the OMS after it was deposited")
        }
        return [operation]
    }

    /// A payment pays only its own customer's invoices: a patient's payment the patient's share,
    /// a payer's payment that payer's share.
    private func checkApplication(ref: String, saleID: Int, billTo: Int?, patient: Int?, payer: Int?) throws {
        let samePatient = patient != nil && billTo == nil && context.sales.patientID(of: saleID) == patient
        let samePayer = payer != nil && billTo == payer
        guard context.sales.contains(saleID), samePatient || samePayer else {
            throw RecordFailure(
                ref: ref, code: "oms-application",
                message: "\(ref) is applied to sale:\(saleID), which is billed to another customer (or missing). Correct the application in the OMS, then 'qbsync retry \(ref)'.")
        }
    }

    private func manual(_ ref: String, _ what: String) -> RecordFailure {
        RecordFailure(
            ref: ref, code: "deposited",
            message: "\(ref) \(what): QuickBooks will not change a deposited payment. Enter the change in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
            needsManualEntry: true)
    }
}
