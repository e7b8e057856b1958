import QBSyncXML

extension DesktopBooks {
    /// TxnVoid: the transaction stays, zeroed, marked `VOID:`; what it paid or credited opens again.
    mutating func voidTransaction(_ body: XMLTreeElement) throws -> [XMLTreeElement] {
        let type = body.text(of: "TxnVoidType") ?? ""
        let txnID = try self.txnID(body.child("TxnID"))
        switch type {
        case "Invoice", "CreditMemo":
            guard let index = state.salePosition(txnID, kind: type) else {
                throw DesktopStatus.notFound(txnID)
            }
            try checkOpenPeriod([state.sales[index].txnDate], document: type)
            try checkNotRefunded(txnID)
            unlink(txnID)
            state.sales[index].isVoid = true
            state.sales[index].credits = []
            state.sales[index].memo = "VOID: " + (state.sales[index].memo ?? "")
            state.sales[index].editSequence = state.newEditSequence()
            state.sales[index].timeModified = now
        case "ARRefundCreditCard":
            guard let index = state.refunds.firstIndex(where: { $0.txnID == txnID }) else { throw DesktopStatus.notFound(txnID) }
            try checkOpenPeriod([state.refunds[index].txnDate], document: "Credit Card Refund")
            state.refunds[index].isVoid = true
            state.refunds[index].memo = "VOID: " + (state.refunds[index].memo ?? "")
            state.refunds[index].editSequence = state.newEditSequence()
            state.refunds[index].timeModified = now
        default:
            throw DesktopStatus.notFound(txnID)
        }
        return [.leaf("TxnVoidType", type), .leaf("TxnID", txnID), .leaf("TimeVoided", now)]
    }

    /// TxnDel: the transaction is gone; what it paid or credited opens again.
    mutating func deleteTransaction(_ body: XMLTreeElement) throws -> [XMLTreeElement] {
        let type = body.text(of: "TxnDelType") ?? ""
        let txnID = try self.txnID(body.child("TxnID"))
        switch type {
        case "Invoice", "CreditMemo":
            guard let index = state.salePosition(txnID, kind: type) else {
                throw DesktopStatus.notFound(txnID)
            }
            try checkOpenPeriod([state.sales[index].txnDate], document: type)
            try checkNotRefunded(txnID)
            unlink(txnID)
            state.sales.remove(at: index)
        case "ReceivePayment":
            guard let index = state.payments.firstIndex(where: { $0.txnID == txnID }) else { throw DesktopStatus.notFound(txnID) }
            try checkOpenPeriod([state.payments[index].txnDate], document: "Receive Payment")
            try checkNotRefunded(txnID)
            state.payments.remove(at: index)
        case "ARRefundCreditCard":
            guard let index = state.refunds.firstIndex(where: { $0.txnID == txnID }) else { throw DesktopStatus.notFound(txnID) }
            try checkOpenPeriod([state.refunds[index].txnDate], document: "Credit Card Refund")
            state.refunds.remove(at: index)
        default:
            throw DesktopStatus.notFound(txnID)
        }
        return [.leaf("TxnDelType", type), .leaf("TxnID", txnID), .leaf("TimeDeleted", now)]
    }

    /// A credit that was refunded cannot go while the refund stands: void the refund first.
    private func checkNotRefunded(_ txnID: String) throws {
        guard state.refundedCents(of: txnID) == 0 else {
            throw DesktopStatus.invalidValue(
                "The transaction \(txnID) is linked to a credit card refund. Void or delete the refund first.")
        }
    }

    /// Removes every payment application to, and credit use of, `txnID`.
    private mutating func unlink(_ txnID: String) {
        for index in state.payments.indices {
            state.payments[index].applications.removeAll { $0.invoiceTxnID == txnID }
            for app in state.payments[index].applications.indices {
                state.payments[index].applications[app].credits.removeAll { $0.creditTxnID == txnID }
            }
        }
        for index in state.sales.indices where state.sales[index].credits.contains(where: { $0.creditTxnID == txnID }) {
            state.sales[index].credits.removeAll { $0.creditTxnID == txnID }
        }
    }
}
