import QBSyncXML

extension DesktopBooks {
    mutating func addPayment(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let label = "Receive Payment"
        guard let customer = try resolve(body.child("CustomerRef"), kinds: ["Customer"], list: "Customer", in: label) else {
            throw DesktopStatus.invalidReference("Customer", "", in: label, inactive: false)
        }
        let account = try resolveAccount(body.child("ARAccountRef"), defaultType: "AccountsReceivable", in: label)
        let deposit = try resolveAccount(
            body.child("DepositToAccountRef"), defaultType: nil, defaultName: "Undeposited Funds", in: label)
        let method = try resolve(body.child("PaymentMethodRef"), kinds: ["PaymentMethod"], list: "PaymentMethod", in: label)
        let date = body.text(of: "TxnDate") ?? today
        try checkOpenPeriod([date], document: label)
        var payment = DesktopPayment(
            txnID: "", txnNumber: 0, editSequence: "", timeCreated: now, timeModified: now, customerID: customer.listID,
            arAccountID: account?.listID ?? "", txnDate: date, refNumber: body.text(of: "RefNumber"), totalCents: 0,
            paymentMethodID: method?.listID, memo: body.text(of: "Memo"), depositToID: deposit?.listID ?? "",
            externalGUID: body.text(of: "ExternalGUID"), applications: [])
        payment.applications = try applications(body.children(named: "AppliedToTxnAdd"), for: payment)
        let applied = payment.applications.reduce(0) { $0 + $1.paymentCents }
        payment.totalCents = body.child("TotalAmount").map { Self.cents($0.text) } ?? applied
        if body.text(of: "IsAutoApply") == "true" { payment.applications = autoApplied(payment) }
        try checkApplied(payment, refunded: 0)
        (payment.txnID, payment.txnNumber) = state.newTxnID()
        payment.editSequence = state.newEditSequence()
        try define(body, id: payment.txnID)
        state.appendPayment(payment)
        return paymentRet(payment)
    }

    /// ReceivePaymentMod: once an `AppliedToTxnMod` is there, the payment's applications are
    /// exactly the ones sent (as lines in an InvoiceMod).
    mutating func modPayment(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let label = "Receive Payment"
        let txnID = body.text(of: "TxnID") ?? ""
        guard let index = state.payments.firstIndex(where: { $0.txnID == txnID }) else { throw DesktopStatus.notFound(txnID) }
        let original = state.payments[index]
        var payment = original
        try Self.checkEditSequence(body, current: payment.editSequence)
        try checkOpenPeriod([payment.txnDate, body.text(of: "TxnDate")], document: label)
        if let customer = try resolve(body.child("CustomerRef"), kinds: ["Customer"], list: "Customer", in: label) {
            payment.customerID = customer.listID
        }
        if let account = try resolveAccount(body.child("ARAccountRef"), defaultType: nil, in: label) {
            payment.arAccountID = account.listID
        }
        if let deposit = try resolveAccount(body.child("DepositToAccountRef"), defaultType: nil, in: label) {
            payment.depositToID = deposit.listID
        }
        if let method = try resolve(body.child("PaymentMethodRef"), kinds: ["PaymentMethod"], list: "PaymentMethod", in: label) {
            payment.paymentMethodID = method.listID
        }
        if let date = body.text(of: "TxnDate") { payment.txnDate = date }
        if let number = body.text(of: "RefNumber") { payment.refNumber = number }
        if let memo = body.text(of: "Memo") { payment.memo = memo.isEmpty ? nil : memo }
        if let total = body.text(of: "TotalAmount") { payment.totalCents = Self.cents(total) }
        let mods = body.children(named: "AppliedToTxnMod")
        if !mods.isEmpty || payment.customerID != original.customerID {
            // What this payment applied is open again while its new applications are checked.
            state.payments[index].applications = []
            defer { state.payments[index] = original }
            payment.applications = try applications(mods, for: payment)
        }
        try checkApplied(payment, refunded: state.refundedCents(of: txnID))
        payment.editSequence = state.newEditSequence()
        payment.timeModified = now
        state.payments[index] = payment
        return paymentRet(payment)
    }

    /// Each application: an open invoice of the payment's customer, paid, credited and
    /// discounted by no more than its open balance (3210 beyond).
    private func applications(_ elements: [XMLTreeElement], for payment: DesktopPayment) throws -> [DesktopApplication] {
        var result: [DesktopApplication] = []
        for element in elements {
            let invoiceID = try txnID(element.child("TxnID"))
            guard let invoice = state.sale(invoiceID), invoice.kind == "Invoice" else { throw DesktopStatus.notFound(invoiceID) }
            guard invoice.customerID == payment.customerID else {
                throw DesktopStatus.invalidValue("The invoice \(invoiceID) belongs to another customer than the payment.")
            }
            let discountAccount = try resolve(
                element.child("DiscountAccountRef"), kinds: ["Account"], list: "Account", in: "Receive Payment")
            let discountClass = try resolveClass(element.child("DiscountClassRef"), in: "Receive Payment")
            let earlier = result.filter { $0.invoiceTxnID == invoiceID }.reduce(0) {
                $0 + $1.paymentCents + $1.discountCents + $1.credits.reduce(0) { $0 + $1.amountCents }
            }
            let open = state.balanceRemaining(invoice) - earlier
            let paid = Self.cents(element.text(of: "PaymentAmount"))
            let discount = Self.cents(element.text(of: "DiscountAmount"))
            guard paid >= 0, discount >= 0, paid + discount <= open else {
                throw DesktopStatus.invalidValue(
                    "The amount applied to invoice \(invoiceID) (\(Self.amount(paid + discount))) is more than its open balance of \(Self.amount(open)).")
            }
            let credits = try self.credits(element.children(named: "SetCredit"), for: invoice, available: open - paid - discount)
            result.append(
                DesktopApplication(
                    invoiceTxnID: invoiceID, paymentCents: paid, credits: credits, discountCents: discount,
                    discountAccountID: discountAccount?.listID, discountClassID: discountClass?.listID))
        }
        return result
    }

    /// IsAutoApply: the money goes to the customer's open invoices, oldest first.
    private func autoApplied(_ payment: DesktopPayment) -> [DesktopApplication] {
        var left = payment.totalCents
        var result: [DesktopApplication] = []
        for invoice in state.sales(ofCustomer: payment.customerID).filter({ $0.kind == "Invoice" })
            .sorted(by: { ($0.txnDate, $0.txnNumber) < ($1.txnDate, $1.txnNumber) }) where left > 0
        {
            let paid = min(left, state.balanceRemaining(invoice))
            guard paid > 0 else { continue }
            left -= paid
            result.append(
                DesktopApplication(
                    invoiceTxnID: invoice.txnID, paymentCents: paid, credits: [], discountCents: 0, discountAccountID: nil,
                    discountClassID: nil))
        }
        return result
    }

    private func checkApplied(_ payment: DesktopPayment, refunded: Int) throws {
        let applied = payment.applications.reduce(0) { $0 + $1.paymentCents } + refunded
        guard payment.totalCents >= 0, applied <= payment.totalCents else {
            throw DesktopStatus.invalidValue(
                "The payment's total (\(Self.amount(payment.totalCents))) is less than the \(Self.amount(applied)) applied or refunded from it.")
        }
    }

    /// ARRefundCreditCardAdd: pays out credit that is left on credit memos or payments of the
    /// same customer and A/R account.
    mutating func addRefund(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let label = "Credit Card Refund"
        guard let customer = try resolve(body.child("CustomerRef"), kinds: ["Customer"], list: "Customer", in: label) else {
            throw DesktopStatus.invalidReference("Customer", "", in: label, inactive: false)
        }
        let from = try resolveAccount(
            body.child("RefundFromAccountRef"), defaultType: nil, defaultName: "Undeposited Funds", in: label)
        let account = try resolveAccount(body.child("ARAccountRef"), defaultType: "AccountsReceivable", in: label)
        let method = try resolve(body.child("PaymentMethodRef"), kinds: ["PaymentMethod"], list: "PaymentMethod", in: label)
        let date = body.text(of: "TxnDate") ?? today
        try checkOpenPeriod([date], document: label)
        var links: [DesktopRefund.Link] = []
        for element in body.children(named: "RefundAppliedToTxnAdd") {
            let creditID = try txnID(element.child("TxnID"))
            let amount = Self.cents(element.text(of: "RefundAmount"))
            let owner: String
            let creditAccount: String
            var left: Int
            if let memo = state.sale(creditID), memo.kind == "CreditMemo", !memo.isVoid {
                (owner, creditAccount, left) = (memo.customerID, memo.arAccountID, state.creditRemaining(memo))
            } else if let payment = state.payments.first(where: { $0.txnID == creditID }) {
                (owner, creditAccount, left) = (payment.customerID, payment.arAccountID, state.unusedPayment(payment))
            } else {
                throw DesktopStatus.notFound(creditID)
            }
            left -= links.filter { $0.txnID == creditID }.reduce(0) { $0 + $1.amountCents }
            guard owner == customer.listID, creditAccount == (account?.listID ?? "") else {
                throw DesktopStatus.invalidValue("The credit \(creditID) is not this customer's in this A/R account.")
            }
            guard amount > 0, amount <= left else {
                throw DesktopStatus.invalidValue(
                    "The refund (\(Self.amount(amount))) is more than the \(Self.amount(left)) of credit left on \(creditID).")
            }
            links.append(DesktopRefund.Link(txnID: creditID, amountCents: amount))
        }
        let (txnID, number) = state.newTxnID()
        let refund = DesktopRefund(
            txnID: txnID, txnNumber: number, editSequence: state.newEditSequence(), timeCreated: now, timeModified: now,
            customerID: customer.listID, refundFromID: from?.listID ?? "", arAccountID: account?.listID ?? "",
            txnDate: date, refNumber: body.text(of: "RefNumber"), paymentMethodID: method?.listID,
            memo: body.text(of: "Memo"), links: links, isVoid: false, externalGUID: body.text(of: "ExternalGUID"))
        try define(body, id: txnID)
        state.refunds.append(refund)
        return refundRet(refund)
    }
}
