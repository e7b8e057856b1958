import QBSyncJSON

/// OMS payments -> payments applied to the invoices they pay (the patient's or a third
/// party's), the unapplied rest left as a credit on the customer. The total is always the money
/// received; the load applies what still fits each invoice (a write-off or return credit may
/// have taken part of it) and leaves the rest unapplied. Edits update the payment (lines all or
/// none); deletions delete it. A payment already deposited in the books is not changed by
/// qbsync: an edit or deletion of it goes to manual entry.
struct PaymentMapper {
    static func payment(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = ObjectKey.payment(record.ref)
        let existing = inputs.holdings.object(key)
        let deposited = row.optionalInt("deposited") == 1
        let status = try row.string("status")
        guard ["active", "deleted"].contains(status) else { throw row.bad("status", "is not active or deleted") }
        if status == "deleted" {
            guard let existing, existing.active else { return [] }
            if deposited { throw manual(ref, "was deleted in the OMS after it was deposited") }
            return [PlannedChange(key: key, ref: ref, operation: .delete, change: .delete, wave: .settlements)]
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
        var applications: [PaymentChange.Application] = []
        var applied = 0
        for child in row.children("applications") {
            let application = try RowReader(ref: ref, row: child)
            let saleID = try application.int("sale_id")
            let billTo = application.optionalInt("payer_id")
            let cents = try application.int("amount_cents")
            try checkApplication(ref: ref, saleID: saleID, billTo: billTo, patient: patient, payer: payer, sales: inputs.reference.sales)
            guard cents > 0 else { continue }
            applied += cents
            let sale = OMSRef(OMSEntity.sale.name, saleID)
            applications.append(.init(invoice: inputs.saleInvoice(sale, billTo.map { .payer($0) } ?? .patient), cents: cents))
        }
        guard applied <= amount else {
            throw RecordFailure(
                ref: ref, code: "oms-overapplied",
                message: "\(ref) applies \(Money.decimalString(cents: applied)) to sales but is only \(Money.decimalString(cents: amount)). Correct the applications in the OMS, then 'qbsync retry \(ref)'.")
        }
        let locationID = try row.int("location_id")
        let methodID = try row.int("method_id")
        let date = try row.date("received_date")
        let payment = PaymentChange(
            customer: patient.map(ObjectKey.patient) ?? .payer(payer!), totalCents: amount, date: date, applications: applications,
            paymentMethod: try inputs.paymentMethodKey(methodID: methodID, for: ref, needs: &needs),
            depositAccount: inputs.reference.depositAccount(locationID: locationID, methodID: methodID), reference: "P\(record.ref.id)",
            note: "qbsync \(ref)")
        guard
            let change = inputs.upsert(
                PlannedChange(
                    key: key, ref: ref, operation: .create, change: .payment(payment), wave: .settlements, identifiedBy: payment.reference,
                    expectedCents: amount))
        else { return [] }
        if change.operation == .update, deposited || existing?.active == false {
            throw manual(ref, existing?.active == false ? "was deleted in QuickBooks and then changed in the OMS" : "was changed in the OMS after it was deposited")
        }
        return [change]
    }

    /// A payment pays only its own customer's invoices: a patient's payment the patient's share,
    /// a payer's payment that payer's share.
    private static func checkApplication(ref: String, saleID: Int, billTo: Int?, patient: Int?, payer: Int?, sales: SaleRows) throws {
        let samePatient = patient != nil && billTo == nil && sales.patientID(of: saleID) == patient
        let samePayer = payer != nil && billTo == payer
        guard sales.contains(saleID), samePatient || samePayer else {
            throw RecordFailure(
                ref: ref, code: "oms-application",
                message: "\(ref) is applied to sale:\(saleID), which is billed to another customer (or missing). Correct the application in the OMS, then 'qbsync retry \(ref)'.")
        }
    }

    private static func manual(_ ref: String, _ what: String) -> RecordFailure {
        RecordFailure(
            ref: ref, code: "deposited",
            message: "\(ref) \(what): QuickBooks will not change a deposited payment. Enter the change in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
            needsManualEntry: true)
    }
}
