import Foundation
import QBSyncJSON

/// Invoices, credit memos and refund receipts: customer and item references, item lines whose
/// amount is quantity x unit price to the cent (6070), document numbers of at most 21
/// characters (2050) unique per document type (6140), the closed period (6210), and the totals
/// QuickBooks computes (`TotalAmt`, `Balance`, `RemainingCredit`, line ids, a subtotal line).
extension CompanyState {
    func prepareSalesDocument(
        _ kind: EntityKind, _ input: [String: JSONValue], existing: JSONValue?
    ) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        fields["CustomerRef"] = try reference(fields["CustomerRef"], to: .customer, element: "CustomerRef", required: kind != .refundReceipt)
        fields["ClassRef"] = try reference(fields["ClassRef"], to: .classification, element: "ClassRef")
        fields["PaymentMethodRef"] = try reference(fields["PaymentMethodRef"], to: .paymentMethod, element: "PaymentMethodRef")
        let deposit = try reference(fields["DepositToAccountRef"], to: .account, element: "DepositToAccountRef", required: kind == .refundReceipt)
        if let deposit {
            try checkAssetAccount(deposit, element: "DepositToAccountRef")
            fields["DepositToAccountRef"] = deposit
        }
        let txnDate = try Self.date(fields, "TxnDate") ?? existing?["TxnDate"]?.stringValue ?? Timestamp.date(now)
        try checkOpenPeriod(txnDate)
        fields["TxnDate"] = .string(txnDate)
        if kind == .invoice { fields["DueDate"] = .string(try Self.date(fields, "DueDate") ?? txnDate) }
        _ = try Self.text(fields, "PrivateNote", max: 4000)
        if let memo = fields["CustomerMemo"], memo != .null {
            guard let memoFields = memo.objectValue else { throw .invalidProperty("CustomerMemo", element: "CustomerMemo") }
            _ = try Self.text(memoFields, "value", max: 1000, element: "CustomerMemo")
        }
        if let email = fields["BillEmail"], email != .null {
            _ = try Self.text(email.objectValue ?? [:], "Address", max: 100, element: "BillEmail.Address")
        }
        fields["DocNumber"] = .string(try documentNumber(kind, fields, existing: existing))

        let lines = try salesLines(fields["Line"], existing: existing)
        fields["Line"] = .array(lines.lines)
        guard lines.total >= 0 else {
            throw .business("The transaction total can't be negative (\(Money.decimalString(cents: lines.total))).", element: "Line")
        }
        fields["TotalAmt"] = .cents(lines.total)
        fields["TxnTaxDetail"] = fields["TxnTaxDetail"] ?? ["TotalTax": 0]
        switch kind {
        case .invoice:
            let applied = existing.map { Self.appliedAmount(of: $0, balanceKey: "Balance") } ?? 0
            if applied > 0 && lines.total < applied {
                throw .business("The invoice total can't be less than the payments applied to it (\(Money.decimalString(cents: applied))).")
            }
            if applied > 0, existing?["CustomerRef"]?["value"] != fields["CustomerRef"]?["value"] {
                throw .business("You can't change the customer of an invoice that has payments applied.", element: "CustomerRef")
            }
            fields["Balance"] = .cents(lines.total - applied)
        case .creditMemo:
            let applied = existing.map { Self.appliedAmount(of: $0, balanceKey: "RemainingCredit") } ?? 0
            if applied > 0 && (lines.total < applied || existing?["CustomerRef"]?["value"] != fields["CustomerRef"]?["value"]) {
                throw .business("This credit memo has been applied (\(Money.decimalString(cents: applied))); unapply it first.")
            }
            fields["RemainingCredit"] = .cents(lines.total - applied)
            fields["Balance"] = .cents(lines.total - applied)
        default:
            fields["Balance"] = .cents(0)
        }
        return fields
    }

    /// TotalAmt minus what is still open: the amount payments have applied to the document.
    static func appliedAmount(of document: JSONValue, balanceKey: String) -> Int {
        (document["TotalAmt"]?.centsValue ?? 0) - (document[balanceKey]?.centsValue ?? 0)
    }

    /// 6210 when the date is on or before the company's closing date.
    func checkOpenPeriod(_ date: String?) throws(QBOFault) {
        guard let date, let close = bookCloseDate, date <= close else { return }
        throw .closedPeriod(date, closeDate: close)
    }

    /// A deposit account must be a bank or other current asset (Undeposited Funds).
    func checkAssetAccount(_ reference: JSONValue, element: String) throws(QBOFault) {
        let id = Int(reference["value"]?.stringValue ?? "") ?? 0
        let type = object(.account, id)?["AccountType"]?.stringValue ?? ""
        guard type == "Bank" || type == "Other Current Asset" else {
            throw .business("\(element) must be a bank or other current asset account, not \(type).", element: element)
        }
    }

    /// The document number sent (checked) or, without one, the next free number from 1001.
    private func documentNumber(_ kind: EntityKind, _ fields: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> String {
        if let number = try Self.text(fields, "DocNumber", max: 21), !number.isEmpty {
            if let holder = idHoldingDocNumber(kind, number), String(holder) != existing?["Id"]?.stringValue {
                throw .duplicateDocNumber(number, entity: kind.rawValue, id: String(holder))
            }
            return number
        }
        if let old = existing?["DocNumber"]?.stringValue, fields["DocNumber"] == nil { return old }
        var candidate = 1001
        while idHoldingDocNumber(kind, String(candidate)) != nil { candidate += 1 }
        return String(candidate)
    }
}
