import QBSyncXML

/// Invoices, credit memos, received payments, credit applications and refunds, in schema order.
extension DesktopRenderer {
    /// InvoiceAdd's and CreditMemoAdd's body up to the lines: CustomerRef, ClassRef (the
    /// location), TxnDate, RefNumber, DueDate, Memo (the OMS number and the record marker).
    func salesBody(_ document: SalesDocument) -> [XMLTreeElement] {
        var fields = [ref("CustomerRef", document.customer)]
        if let first = document.lines.first, document.lines.allSatisfy({ $0.classKey == first.classKey }) {
            fields.append(ref("ClassRef", first.classKey))
        }
        fields += [.leaf("TxnDate", document.date), .leaf("RefNumber", document.number)]
        if let due = document.dueDate { fields.append(.leaf("DueDate", due)) }
        fields.append(.leaf("Memo", memo(document.note, omsNumber: document.omsNumber)))
        return fields
    }

    /// One line per neutral line: ItemRef, Quantity, ClassRef, Amount (Quantity with Amount, so
    /// QuickBooks derives the rate and the amount stays the OMS's to the cent). A Mod sends every
    /// line as new (`TxnLineID` -1): the lines it does not name are deleted.
    func lines(_ document: SalesDocument, element: String, mod: Bool) -> [XMLTreeElement] {
        document.lines.map { line in
            var fields: [XMLTreeElement] = mod ? [.leaf("TxnLineID", "-1")] : []
            fields.append(ref("ItemRef", line.item))
            if let milli = line.quantityMilli, line.unitPriceCents != nil { fields.append(.leaf("Quantity", OnlineRenderer.quantity(milli))) }
            fields += [ref("ClassRef", line.classKey), .leaf("Amount", Self.amount(line.cents))]
            return XMLTreeElement(element, children: fields)
        }
    }

    /// ReceivePaymentAdd: CustomerRef, TxnDate, RefNumber, TotalAmount (the money received),
    /// PaymentMethodRef, Memo, DepositToAccountRef (always named: else a company preference
    /// picks), then the invoices it pays, or `IsAutoApply` false when it pays none (the money
    /// stays a credit on the customer). The Mod ends with AppliedToTxnMod.
    func payment(_ payment: PaymentChange, mod: Bool) -> [XMLTreeElement] {
        var fields: [XMLTreeElement] = [
            ref("CustomerRef", payment.customer), .leaf("TxnDate", payment.date), .leaf("RefNumber", payment.reference),
            .leaf("TotalAmount", Self.amount(payment.totalCents)), ref("PaymentMethodRef", payment.paymentMethod),
            .leaf("Memo", payment.note), accountRef("DepositToAccountRef", payment.depositAccount),
        ]
        if payment.applications.isEmpty {
            if !mod { fields.append(.leaf("IsAutoApply", "false")) }
            return fields
        }
        for application in payment.applications {
            fields.append(
                XMLTreeElement(
                    mod ? "AppliedToTxnMod" : "AppliedToTxnAdd",
                    children: [.leaf("TxnID", QBXMLPlaceholder.id(application.invoice)), .leaf("PaymentAmount", Self.amount(application.cents))]))
        }
        return fields
    }

    /// A credit memo applied to an invoice: a payment of zero whose AppliedToTxnAdd names the
    /// invoice with PaymentAmount 0.00 and sets the credit (`SetCredit`), up to the amount the
    /// mapper gave or, when none, `@open-balance` for the load to settle.
    func application(_ application: CreditApplication) -> [XMLTreeElement] {
        let applied = application.cents.map(Self.amount) ?? QBXMLPlaceholder.openBalance
        return [
            ref("CustomerRef", application.customer), .leaf("TxnDate", application.date), .leaf("RefNumber", application.reference),
            .leaf("TotalAmount", "0.00"), .leaf("Memo", application.note), accountRef("DepositToAccountRef", depositAccount),
            XMLTreeElement(
                "AppliedToTxnAdd",
                children: [
                    .leaf("TxnID", QBXMLPlaceholder.id(application.document)), .leaf("PaymentAmount", "0.00"),
                    XMLTreeElement(
                        "SetCredit", children: [.leaf("CreditTxnID", QBXMLPlaceholder.id(application.credit)), .leaf("AppliedAmount", applied)]),
                ]),
        ]
    }

    /// ARRefundCreditCardAdd: CustomerRef, RefundFromAccountRef (the bank), TxnDate, RefNumber,
    /// PaymentMethodRef, Memo, and RefundAppliedToTxnAdd linking the credit it pays out, so
    /// income falls once (by the credit memo) and no clearing account is needed.
    func refund(_ refund: CreditRefund) -> [XMLTreeElement] {
        let credit: String =
            switch refund.credit {
            case .creditMemo(let key): QBXMLPlaceholder.id(key)
            case .unappliedPayment: QBXMLPlaceholder.unappliedPayment(of: refund.customer)
            }
        return [
            ref("CustomerRef", refund.customer), accountRef("RefundFromAccountRef", refund.bankAccount), .leaf("TxnDate", refund.date),
            .leaf("RefNumber", refund.number), ref("PaymentMethodRef", refund.paymentMethod),
            .leaf("Memo", memo(refund.note, omsNumber: refund.omsNumber)),
            XMLTreeElement("RefundAppliedToTxnAdd", children: [.leaf("TxnID", credit), .leaf("RefundAmount", Self.amount(refund.cents))]),
        ]
    }

    /// `INV-2025-00283 · qbsync sale:283`: the full OMS number (the RefNumber may be a short code)
    /// and the record marker a lookup confirms.
    func memo(_ note: String, omsNumber: String?) -> String {
        guard rules.omsNumberInMemo, let omsNumber, !omsNumber.isEmpty else { return note }
        return "\(omsNumber) · \(note)"
    }

    /// Cents as qbXML's AMTTYPE: an optional sign and exactly two decimals (`-12.05`).
    static func amount(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    /// TxnVoidType / TxnDelType of a transaction kind. List entries are never voided or deleted
    /// (a name used in transactions is made inactive instead), so they have none.
    static func transactionType(_ kind: DocumentKind) -> String {
        switch kind {
        case .invoice: "Invoice"
        case .creditMemo: "CreditMemo"
        case .refundReceipt: "ARRefundCreditCard"
        case .payment, .creditApplication: "ReceivePayment"
        case .customer, .item, .class, .paymentMethod, .account: kind.keyword
        }
    }

    /// The Desktop object type a change's object is, as a lookup queries it (`ReceivePayment`).
    static func objectType(_ change: PlannedChange) -> String {
        switch change.key.kind {
        case .customer: return "Customer"
        case .item:
            if case .item(let item) = change.change { return itemType(key: change.key, item: item) }
            return "Item"
        case .class: return "Class"
        case .paymentMethod: return "PaymentMethod"
        case .account: return "Account"
        case .invoice: return "Invoice"
        case .creditMemo: return "CreditMemo"
        case .refundReceipt: return "ARRefundCreditCard"
        case .payment, .creditApplication: return "ReceivePayment"
        }
    }

    /// The field a lookup finds an object of `kind` by: lists by FullName, transactions by
    /// RefNumber (not unique on Desktop: the load confirms the memo's marker).
    static func lookupField(_ kind: DocumentKind) -> String { kind.isTransaction ? "RefNumber" : "FullName" }
}
