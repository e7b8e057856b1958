import QBSyncJSON

/// OMS refunds -> a QuickBooks refund receipt paid from the mapped bank account, through a
/// clearing account so income does not fall twice: the refund receipt moves the money from the
/// bank to the clearing account, a clearing invoice to the same customer moves it back to
/// accounts receivable, and, for a refund that pays out a return's credit, that credit memo is
/// applied to the clearing invoice, so the customer's credit is cleared. Income fell once, by
/// the return. A refund of an overpayment leaves the clearing invoice open against the
/// customer's unapplied payment (the customer's balance is zero either way).
struct RefundMapper {
    let context: MappingContext

    func refund(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let key = "refundreceipt \(ref)"
        let status = try row.string("status")
        if status == "void" {
            guard let existing = try context.object(key), existing.active else { return [] }
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
        let customer = patient.map { "customer patient:\($0)" } ?? "customer payer:\(payer!)"
        let classKey = try context.classKey(locationID: try row.int("location_id"), for: ref)
        let item = try context.genericItemKey("credit_refund")
        let line: JSONValue = [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": ["ItemRef": Placeholder.ref(item), "ClassRef": Placeholder.ref(classKey), "TaxCodeRef": ["value": "NON"]],
        ]
        let docNumber = try context.ledger.docNumber(docType: "RefundReceipt", key: key) {
            QBONames.docNumberCandidate("RF-\(record.ref.id)", attempt: $0)
        }
        let receipt: JSONValue = [
            "CustomerRef": Placeholder.ref(customer), "TxnDate": .string(date), "DocNumber": .string(docNumber),
            "Line": [line], "PrivateNote": .string("qbsync \(ref)"),
            "DepositToAccountRef": ["value": Placeholder.account(context.settings.mapping.refundFromAccount)],
            "PaymentMethodRef": Placeholder.ref(try context.paymentMethodKey(methodID: try row.int("method_id"), for: ref)),
        ]
        let clearingKey = "invoice \(ref) clearing"
        let clearingNumber = try context.ledger.docNumber(docType: "Invoice", key: clearingKey) {
            QBONames.docNumberCandidate("RF-\(record.ref.id)", attempt: $0)
        }
        let clearing: JSONValue = [
            "CustomerRef": Placeholder.ref(customer), "TxnDate": .string(date), "DocNumber": .string(clearingNumber),
            "Line": [line], "PrivateNote": .string("qbsync \(ref) clears the customer's credit"),
        ]
        var operations = [
            try context.upsert(
                key: key, ref: ref, entity: "RefundReceipt", body: receipt, wave: .documents,
                lookup: Lookup(entity: "RefundReceipt", field: "DocNumber", value: docNumber), expectedCents: cents),
            try context.upsert(
                key: clearingKey, ref: ref, entity: "Invoice", body: clearing, wave: .documents,
                lookup: Lookup(entity: "Invoice", field: "DocNumber", value: clearingNumber), expectedCents: cents),
        ].compactMap { $0 }
        if let returnID = row.optionalInt("return_id"), operations.contains(where: { $0.key == clearingKey && $0.operation == "create" }) {
            let reference = "A" + clearingNumber.suffix(20)
            operations.append(
                PlannedOperation(
                    key: "application \(ref)", ref: ref, entity: "Payment", operation: "create",
                    body: [
                        "CustomerRef": Placeholder.ref(customer), "TotalAmt": .cents(0), "TxnDate": .string(date),
                        "PaymentRefNum": .string(String(reference)), "PrivateNote": .string("qbsync \(ref) applied"),
                        "Line": [
                            ["Amount": .string(OpenBalance.placeholder), "LinkedTxn": [["TxnId": Placeholder.id(clearingKey), "TxnType": "Invoice"]]],
                            [
                                "Amount": .string(OpenBalance.placeholder),
                                "LinkedTxn": [["TxnId": Placeholder.id("creditmemo return:\(returnID)"), "TxnType": "CreditMemo"]],
                            ],
                        ],
                    ], wave: .refundApplications, lookup: Lookup(entity: "Payment", field: "PaymentRefNum", value: String(reference))))
        }
        return operations
    }
}
