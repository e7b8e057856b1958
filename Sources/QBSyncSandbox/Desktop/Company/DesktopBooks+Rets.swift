import QBSyncXML

/// The `…Ret` elements QuickBooks answers with, built from the books.
extension DesktopBooks {
    func listRet(_ entry: DesktopListEntry) -> XMLTreeElement {
        var children: [XMLTreeElement] = [
            .leaf("ListID", entry.listID), .leaf("TimeCreated", entry.timeCreated), .leaf("TimeModified", entry.timeModified),
            .leaf("EditSequence", entry.editSequence), .leaf("Name", entry.name),
        ]
        if entry.kind != "PaymentMethod" { children.append(.leaf("FullName", state.fullName(entry))) }
        children.append(.leaf("IsActive", entry.isActive ? "true" : "false"))
        if let parentID = entry.parentID, let parent = state.entry(parentID) {
            children.append(refRet("ParentRef", parent))
        }
        if entry.kind != "PaymentMethod" { children.append(.leaf("Sublevel", String(state.sublevel(entry)))) }
        children += entry.fields.map(\.element)
        if entry.kind == "Customer" {
            children.append(.leaf("Balance", Self.amount(state.balance(ofCustomer: entry.listID, withJobs: false))))
            children.append(.leaf("TotalBalance", Self.amount(state.balance(ofCustomer: entry.listID, withJobs: true))))
        } else if entry.kind == "Account" {
            children.append(.leaf("Balance", "0.00"))
            children.append(.leaf("TotalBalance", "0.00"))
        }
        let names = [
            "Customer": "CustomerRet", "Class": "ClassRet", "PaymentMethod": "PaymentMethodRet", "Account": "AccountRet",
        ]
        return XMLTreeElement(names[entry.kind] ?? "\(entry.kind)Ret", children: children)
    }

    func refRet(_ name: String, _ entry: DesktopListEntry) -> XMLTreeElement {
        XMLTreeElement(name, children: [.leaf("ListID", entry.listID), .leaf("FullName", state.fullName(entry))])
    }

    private func refRet(_ name: String, _ listID: String?) -> XMLTreeElement? {
        guard let listID, let entry = state.entry(listID) else { return nil }
        return refRet(name, entry)
    }

    private func head(txnID: String, number: Int, created: String, modified: String, sequence: String) -> [XMLTreeElement] {
        [
            .leaf("TxnID", txnID), .leaf("TimeCreated", created), .leaf("TimeModified", modified),
            .leaf("EditSequence", sequence), .leaf("TxnNumber", String(number)),
        ]
    }

    func saleRet(_ document: DesktopSaleDocument, lines: Bool, linked: Bool = false) -> XMLTreeElement {
        var children = head(
            txnID: document.txnID, number: document.txnNumber, created: document.timeCreated,
            modified: document.timeModified, sequence: document.editSequence)
        children += [refRet("CustomerRef", document.customerID), refRet("ClassRef", document.classID)].compactMap { $0 }
        children += [refRet("ARAccountRef", document.arAccountID)].compactMap { $0 }
        children.append(.leaf("TxnDate", document.txnDate))
        if let number = document.refNumber { children.append(.leaf("RefNumber", number)) }
        children += document.fields.map(\.element)
        let total = Self.amount(document.totalCents)
        if document.kind == "Invoice" {
            children += [
                .leaf("Subtotal", total), .leaf("SalesTaxPercentage", "0.00"), .leaf("SalesTaxTotal", "0.00"),
                .leaf("AppliedAmount", Self.amount(-state.appliedCents(toInvoice: document.txnID))),
                .leaf("BalanceRemaining", Self.amount(state.balanceRemaining(document))),
            ]
        } else {
            children += [
                .leaf("Subtotal", total), .leaf("SalesTaxPercentage", "0.00"), .leaf("SalesTaxTotal", "0.00"),
                .leaf("TotalAmount", total), .leaf("CreditRemaining", Self.amount(state.creditRemaining(document))),
            ]
        }
        if let memo = document.memo { children.append(.leaf("Memo", memo)) }
        if document.kind == "Invoice" {
            children.append(.leaf("IsPaid", state.balanceRemaining(document) == 0 ? "true" : "false"))
        }
        if linked { children += linkedTxns(document.txnID) }
        if lines {
            let lineName = document.kind == "Invoice" ? "InvoiceLineRet" : "CreditMemoLineRet"
            for line in document.lines {
                var lineChildren: [XMLTreeElement] = [.leaf("TxnLineID", line.txnLineID)]
                lineChildren += [refRet("ItemRef", line.itemID)].compactMap { $0 }
                lineChildren += line.fields.filter { $0.name == "Desc" }.map(\.element)
                if let quantity = line.quantity { lineChildren.append(.leaf("Quantity", quantity)) }
                if let rate = line.rate { lineChildren.append(.leaf("Rate", rate)) }
                lineChildren += [refRet("ClassRef", line.classID)].compactMap { $0 }
                lineChildren.append(.leaf("Amount", Self.amount(document.isVoid ? 0 : line.amountCents)))
                lineChildren += line.fields.filter { $0.name != "Desc" }.map(\.element)
                children.append(XMLTreeElement(lineName, children: lineChildren))
            }
        }
        return XMLTreeElement(document.kind == "Invoice" ? "InvoiceRet" : "CreditMemoRet", children: children)
    }

    func paymentRet(_ payment: DesktopPayment) -> XMLTreeElement {
        var children = head(
            txnID: payment.txnID, number: payment.txnNumber, created: payment.timeCreated, modified: payment.timeModified,
            sequence: payment.editSequence)
        children += [refRet("CustomerRef", payment.customerID), refRet("ARAccountRef", payment.arAccountID)].compactMap { $0 }
        children.append(.leaf("TxnDate", payment.txnDate))
        if let number = payment.refNumber { children.append(.leaf("RefNumber", number)) }
        children.append(.leaf("TotalAmount", Self.amount(payment.totalCents)))
        children += [refRet("PaymentMethodRef", payment.paymentMethodID)].compactMap { $0 }
        if let memo = payment.memo { children.append(.leaf("Memo", memo)) }
        children += [refRet("DepositToAccountRef", payment.depositToID)].compactMap { $0 }
        if let guid = payment.externalGUID { children.append(.leaf("ExternalGUID", guid)) }
        children.append(.leaf("UnusedPayment", Self.amount(state.unusedPayment(payment))))
        for application in payment.applications {
            guard let invoice = state.sale(application.invoiceTxnID) else { continue }
            var link: [XMLTreeElement] = [
                .leaf("TxnID", invoice.txnID), .leaf("TxnType", "Invoice"), .leaf("TxnDate", invoice.txnDate),
            ]
            if let number = invoice.refNumber { link.append(.leaf("RefNumber", number)) }
            link += [
                .leaf("BalanceRemaining", Self.amount(state.balanceRemaining(invoice))),
                .leaf("Amount", Self.amount(application.paymentCents)),
            ]
            if application.discountCents != 0 { link.append(.leaf("DiscountAmount", Self.amount(application.discountCents))) }
            for use in application.credits {
                link.append(
                    XMLTreeElement(
                        "LinkedTxn",
                        children: [
                            .leaf("TxnID", use.creditTxnID), .leaf("TxnType", "CreditMemo"),
                            .leaf("LinkType", "AMTTYPE"), .leaf("Amount", Self.amount(-use.amountCents)),
                        ]))
            }
            children.append(XMLTreeElement("AppliedToTxnRet", children: link))
        }
        return XMLTreeElement("ReceivePaymentRet", children: children)
    }

    func refundRet(_ refund: DesktopRefund) -> XMLTreeElement {
        var children = head(
            txnID: refund.txnID, number: refund.txnNumber, created: refund.timeCreated, modified: refund.timeModified,
            sequence: refund.editSequence)
        children += [
            refRet("CustomerRef", refund.customerID), refRet("RefundFromAccountRef", refund.refundFromID),
            refRet("ARAccountRef", refund.arAccountID),
        ].compactMap { $0 }
        children.append(.leaf("TxnDate", refund.txnDate))
        if let number = refund.refNumber { children.append(.leaf("RefNumber", number)) }
        children.append(.leaf("TotalAmount", Self.amount(refund.totalCents)))
        children += [refRet("PaymentMethodRef", refund.paymentMethodID)].compactMap { $0 }
        if let memo = refund.memo { children.append(.leaf("Memo", memo)) }
        if let guid = refund.externalGUID { children.append(.leaf("ExternalGUID", guid)) }
        for link in refund.links {
            let type = state.sale(link.txnID) != nil ? "CreditMemo" : "ReceivePayment"
            children.append(
                XMLTreeElement(
                    "RefundAppliedToTxnRet",
                    children: [
                        .leaf("TxnID", link.txnID), .leaf("TxnType", type),
                        .leaf("RefundAmount", Self.amount(refund.isVoid ? 0 : link.amountCents)),
                    ]))
        }
        return XMLTreeElement("ARRefundCreditCardRet", children: children)
    }

    /// The payments, credits and refunds linked to a transaction (IncludeLinkedTxns).
    func linkedTxns(_ txnID: String) -> [XMLTreeElement] {
        var links: [XMLTreeElement] = []
        func link(_ id: String, _ type: String, _ cents: Int) {
            links.append(
                XMLTreeElement(
                    "LinkedTxn",
                    children: [
                        .leaf("TxnID", id), .leaf("TxnType", type), .leaf("LinkType", "AMTTYPE"),
                        .leaf("Amount", Self.amount(-cents)),
                    ]))
        }
        for payment in state.payments {
            for application in payment.applications {
                // A credit-only payment (PaymentAmount 0.00) links the credit, not itself.
                if application.invoiceTxnID == txnID, application.paymentCents != 0 {
                    link(payment.txnID, "ReceivePayment", application.paymentCents)
                }
                for use in application.credits where use.creditTxnID == txnID || application.invoiceTxnID == txnID {
                    if use.creditTxnID == txnID { link(application.invoiceTxnID, "Invoice", use.amountCents) }
                    else { link(use.creditTxnID, "CreditMemo", use.amountCents) }
                }
            }
        }
        for sale in state.sales {
            for use in sale.credits where use.creditTxnID == txnID { link(sale.txnID, "Invoice", use.amountCents) }
        }
        for use in state.sale(txnID)?.credits ?? [] { link(use.creditTxnID, "CreditMemo", use.amountCents) }
        for refund in state.refunds where !refund.isVoid {
            for refundLink in refund.links where refundLink.txnID == txnID {
                link(refund.txnID, "ARRefundCreditCard", refundLink.amountCents)
            }
        }
        return links
    }
}
