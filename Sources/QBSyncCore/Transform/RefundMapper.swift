import QBSyncJSON

/// OMS refunds -> a refund receipt paid from the mapped bank account, through a clearing account
/// so income does not fall twice: the refund receipt moves the money from the bank to the
/// clearing account, a clearing invoice to the same customer moves it back to accounts
/// receivable, and, for a refund that pays out a return's credit, that credit memo is applied to
/// the clearing invoice, so the customer's credit is cleared. Income fell once, by the return. A
/// refund of an overpayment leaves the clearing invoice open against the customer's unapplied
/// payment (the customer's balance is zero either way).
///
/// That is the shape Online's rules choose. What the OMS did is a refund paying out a credit
/// (`CreditRefund`); an edition that can link a refund to the credit it pays (Desktop's
/// ARRefundCreditCard) books just that, under the same key, and needs no clearing account.
struct RefundMapper {
    /// An active refund asks for its receipt's number and, through a clearing account, its
    /// clearing invoice's (`RF-` and its id).
    static func claims(_ record: ExtractedRecord, rules: EditionRules = .online) -> [ClaimRequest] {
        guard let row = try? RowReader(ref: record.ref.description, row: record.row), (try? row.string("status")) == "active" else { return [] }
        let base = "RF-\(record.ref.id)"
        let receipt = ClaimRequest.docNumber(kind: .refundReceipt, key: .refundReceipt(record.ref), base: base)
        guard rules.refundsThroughClearing else { return [receipt] }
        return [receipt, .docNumber(kind: .invoice, key: .invoice(record.ref, .clearing), base: base)]
    }

    static func refund(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = ObjectKey.refundReceipt(record.ref)
        let status = try row.string("status")
        if status == "void" {
            guard let existing = inputs.holdings.object(key), existing.active else { return [] }
            throw RecordFailure(
                ref: ref, code: "posted-change",
                message: "\(ref) was voided in the OMS after it was posted; qbsync does not unwind refunds. Void it in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
                needsManualEntry: true)
        }
        guard status == "active" else { throw row.bad("status", "is not active or void") }
        let patient = row.optionalInt("patient_id")
        let payer = row.optionalInt("payer_id")
        guard (patient == nil) != (payer == nil) else {
            throw RecordFailure(
                ref: ref, code: "oms-payer",
                message: "\(ref) names \(patient == nil ? "neither a patient nor a payer" : "both a patient and a payer"); a refund goes to exactly one. Correct it in the OMS, then 'qbsync retry \(ref)'.")
        }
        let cents = try row.int("amount_cents")
        guard cents > 0 else { throw row.bad("amount_cents", "must be more than zero") }
        let date = try row.date("refund_date")
        let customer = patient.map(ObjectKey.patient) ?? .payer(payer!)
        let classKey = try inputs.classKey(locationID: try row.int("location_id"), for: ref, needs: &needs)
        if !inputs.rules.refundsThroughClearing {
            let refund = CreditRefund(
                customer: customer, number: try inputs.claims.docNumber(key), omsNumber: "RF-\(record.ref.id)", date: date, cents: cents,
                credit: row.optionalInt("return_id").map { .creditMemo(.creditMemo(OMSRef(OMSEntity.return.name, $0))) } ?? .unappliedPayment,
                bankAccount: inputs.settings.mapping.refundFromAccount,
                paymentMethod: try inputs.paymentMethodKey(methodID: try row.int("method_id"), for: ref, needs: &needs), classKey: classKey,
                note: "qbsync \(ref)")
            let change = PlannedChange(
                key: key, ref: ref, operation: .create, change: .creditRefund(refund), wave: .refundApplications, identifiedBy: refund.number,
                expectedCents: cents)
            guard let upsert = inputs.upsert(change) else { return [] }
            // A refund's link to its credit cannot be changed in place: an edit is entered by hand.
            guard upsert.operation == .create else {
                throw RecordFailure(
                    ref: ref, code: "posted-change",
                    message: "\(ref) was changed in the OMS after it was posted; QuickBooks Desktop cannot relink a refund. Change it in QuickBooks by hand, then 'qbsync manual-done \(ref)'.",
                    needsManualEntry: true)
            }
            return [upsert]
        }
        let line = SalesLineChange(item: try inputs.genericItemKey("credit_refund", needs: &needs), classKey: classKey, cents: cents)
        var receipt = SalesDocument(customer: customer, number: try inputs.claims.docNumber(key), date: date, lines: [line], note: "qbsync \(ref)")
        receipt.depositAccount = inputs.settings.mapping.refundFromAccount
        receipt.paymentMethod = try inputs.paymentMethodKey(methodID: try row.int("method_id"), for: ref, needs: &needs)
        let clearingKey = ObjectKey.invoice(record.ref, .clearing)
        let clearing = SalesDocument(
            customer: customer, number: try inputs.claims.docNumber(clearingKey), date: date, lines: [line],
            note: "qbsync \(ref) clears the customer's credit")
        var changes = [
            inputs.upsert(
                PlannedChange(
                    key: key, ref: ref, operation: .create, change: .refundReceipt(receipt), wave: .documents, identifiedBy: receipt.number,
                    expectedCents: cents)),
            inputs.upsert(
                PlannedChange(
                    key: clearingKey, ref: ref, operation: .create, change: .invoice(clearing), wave: .documents,
                    identifiedBy: clearing.number, expectedCents: cents)),
        ].compactMap { $0 }
        if let returnID = row.optionalInt("return_id"), changes.contains(where: { $0.key == clearingKey && $0.operation == .create }) {
            let reference = "A" + clearing.number.suffix(20)
            let application = CreditApplication(
                customer: customer, date: date, document: clearingKey, credit: .creditMemo(OMSRef(OMSEntity.return.name, returnID)),
                cents: nil, reference: reference, note: "qbsync \(ref) applied")
            changes.append(
                PlannedChange(
                    key: .application(record.ref), ref: ref, operation: .apply, change: .creditApplication(application),
                    wave: .refundApplications, identifiedBy: reference))
        }
        return changes
    }
}
