import Foundation
import QBSyncJSON
import QBSyncXML

/// The last adjustments of a Desktop set against what QuickBooks holds when it is sent, read
/// once per attempt (an earlier attempt may have applied some of it): a payment applies no
/// more to an invoice than it still has open (QuickBooks refuses an overpayment with 3210, and
/// the rest stays a credit on the customer); `@open-balance` becomes the smaller of the
/// invoice's `BalanceRemaining` and the credit memo's `CreditRemaining`; `@unapplied-payment`
/// becomes the customer's payment whose `UnusedPayment` covers the refund.
struct DesktopSettlement {
    let edition: DesktopEdition

    func prepare(_ items: [RequestItem]) async throws -> [PreparedItem] {
        var prepared: [PreparedItem] = []
        for item in items {
            guard var request = QBXMLBody.element(item.body), request.children.count == 1 else {
                prepared.append(PreparedItem(item: item, body: item.body))
                continue
            }
            var payload = request.children[0]
            var unapplied = 0
            var keep = true
            switch payload.name {
            case "ReceivePaymentAdd": (keep, unapplied) = try await settlePayment(&payload)
            case "InvoiceMod": keep = try await settleCredits(&payload, invoice: payload.text(of: "TxnID"))
            case "ARRefundCreditCardAdd": keep = try await settleRefund(&payload)
            default: break
            }
            request.children[0] = payload
            prepared.append(PreparedItem(item: item, body: keep ? QBXMLBody.json(request) : nil, unappliedCents: unapplied))
        }
        return prepared
    }

    /// Each application cut to the invoice's open balance; one with nothing open is dropped, and
    /// a payment left with none is received unapplied (`IsAutoApply` false). Returns whether
    /// anything is left to send and the cents not applied.
    private func settlePayment(_ payment: inout XMLTreeElement) async throws -> (Bool, Int) {
        var unapplied = 0
        var children: [XMLTreeElement] = []
        var applications = 0
        for var child in payment.children {
            guard child.name == "AppliedToTxnAdd", let invoice = child.text(of: "TxnID"), !invoice.isEmpty else {
                children.append(child)
                continue
            }
            let open = try await remaining("Invoice", invoice, field: "BalanceRemaining") ?? 0
            if let index = child.children.firstIndex(where: { $0.name == "PaymentAmount" }),
                let planned = Money.cents(fromDecimalString: child.children[index].text)
            {
                let applied = min(planned, open)
                unapplied += planned - applied
                if applied == 0 && !child.children.contains(where: { $0.name == "SetCredit" }) { continue }
                child.children[index].text = Money.decimalString(cents: applied)
            }
            var credits = child
            guard try await settleCredits(&credits, invoice: invoice) || child.children.contains(where: { $0.name == "PaymentAmount" }) else {
                continue
            }
            child = credits
            applications += 1
            children.append(child)
        }
        let planned = payment.children.contains { $0.name == "AppliedToTxnAdd" }
        if planned && applications == 0 {
            // A credit-only application with nothing open left: nothing to send.
            if Money.cents(fromDecimalString: payment.text(of: "TotalAmount") ?? "0") ?? 0 == 0 { return (false, unapplied) }
            children.append(.leaf("IsAutoApply", "false"))
        }
        payment.children = children
        return (true, unapplied)
    }

    /// Each `SetCredit` whose `AppliedAmount` is `@open-balance` gets the smaller of what the
    /// invoice and the credit have left; one with nothing left is dropped. Returns whether any
    /// credit is still applied (or there was none to settle).
    private func settleCredits(_ element: inout XMLTreeElement, invoice: String?) async throws -> Bool {
        var hadCredits = false
        var kept = false
        var children: [XMLTreeElement] = []
        for var child in element.children {
            guard child.name == "SetCredit", let amount = child.children.firstIndex(where: { $0.name == "AppliedAmount" }) else {
                children.append(child)
                continue
            }
            hadCredits = true
            if child.children[amount].text == "@open-balance" {
                let open = try await invoice.asyncMap { try await remaining("Invoice", $0, field: "BalanceRemaining") } ?? nil
                let credit = child.text(of: "CreditTxnID").flatMap { $0.isEmpty ? nil : $0 }
                let left = try await credit.asyncMap { try await remaining("CreditMemo", $0, field: "CreditRemaining") } ?? nil
                let cents = min(open ?? 0, left ?? open ?? 0)
                guard cents > 0 else { continue }
                child.children[amount].text = Money.decimalString(cents: cents)
            }
            kept = true
            children.append(child)
        }
        element.children = children
        return !hadCredits || kept
    }

    /// The refund's `@unapplied-payment` resolved to a payment of the same customer whose
    /// unused rest covers it; false (not sent) when the customer has none.
    private func settleRefund(_ refund: inout XMLTreeElement) async throws -> Bool {
        guard let index = refund.children.firstIndex(where: { $0.name == "RefundAppliedToTxnAdd" }),
            let txn = refund.children[index].children.firstIndex(where: { $0.name == "TxnID" }),
            refund.children[index].children[txn].text.hasPrefix("@unapplied-payment ")
        else { return true }
        let cents = Money.cents(fromDecimalString: refund.children[index].text(of: "RefundAmount") ?? "") ?? 0
        guard let customer = refund.text(at: ["CustomerRef", "ListID"]) else { return false }
        let query = XMLTreeElement(
            "ReceivePaymentQueryRq", attributes: [.init("requestID", "q0")],
            children: [XMLTreeElement("EntityFilter", children: [.leaf("ListID", customer)]), .leaf("IncludeLineItems", "false")])
        let answer = try await DesktopQueries(edition: edition).run([query])
        let payments = answer.responses["q0"].map(DesktopAnswer.rets) ?? []
        guard let payment = payments.first(where: { (Money.cents(fromDecimalString: $0.text(of: "UnusedPayment") ?? "") ?? 0) >= cents }),
            let id = payment.text(of: "TxnID")
        else { return false }
        refund.children[index].children[txn].text = id
        return true
    }

    /// What a transaction still has open, as QuickBooks reports it now.
    private func remaining(_ type: String, _ txnID: String, field: String) async throws -> Int? {
        let query = XMLTreeElement("\(type)QueryRq", attributes: [.init("requestID", "q0")], children: [.leaf("TxnID", txnID)])
        let answer = try await DesktopQueries(edition: edition).run([query])
        return answer.responses["q0"].flatMap { DesktopAnswer.rets($0).first?.text(of: field) }.flatMap(Money.cents(fromDecimalString:))
    }
}

extension Optional {
    /// `map` for an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
