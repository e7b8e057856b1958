/// Splits a planned document's amount by the account its lines post to (the item's income
/// account, the tax or clearing account; a payment's deposit account) and by class (the
/// location), so the run summary can set the OMS's totals beside QuickBooks's per account and
/// per location. Read from the neutral change, so every edition's tie-out is the same.
enum Breakdown {
    static func of(_ change: PlannedChange, reference: ReferenceData) -> [String: [String: Int]]? {
        guard let expected = change.expectedCents, change.operation == .create || change.operation == .update else { return nil }
        var accounts: [String: Int] = [:]
        var classes: [String: Int] = [:]
        let lines: [SalesLineChange]
        switch change.change {
        case .payment(let payment):
            return ["account": [payment.depositAccount: expected], "class": ["(none)": expected]]
        case .creditRefund(let refund):
            // Paid out of a credit: the money leaves the bank, income does not move.
            return ["account": [refund.bankAccount: expected], "class": [className(refund.classKey, reference: reference): expected]]
        case .invoice(let document), .creditMemo(let document), .refundReceipt(let document):
            lines = document.lines
        case .customer, .item, .class, .paymentMethod, .account, .creditApplication, .void, .delete, .activeFlag, .link:
            lines = []
        }
        for line in lines {
            accounts[account(ofItem: line.item, reference: reference), default: 0] += line.cents
            classes[className(line.classKey, reference: reference), default: 0] += line.cents
        }
        return ["account": accounts, "class": classes]
    }

    private static func account(ofItem key: ObjectKey, reference: ReferenceData) -> String {
        let mapping = reference.settings.mapping
        let parts = key.reference.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "(unknown item)" }
        switch (parts[0], parts[1]) {
        case ("generic", "sales_tax"): return mapping.taxAccount
        case ("generic", "credit_refund"): return mapping.refundClearingAccount
        case ("generic", OpeningBalancePlan.itemKind): return mapping.openingBalanceAccount
        case ("generic", let kind): return mapping.incomeAccounts[kind] ?? "(unknown item)"
        default:
            let kind = Int(parts[1]).flatMap { reference.items[$0]?["kind"]?.stringValue }
            return kind.flatMap { mapping.incomeAccounts[$0] } ?? "(unknown item)"
        }
    }

    private static func className(_ key: ObjectKey, reference: ReferenceData) -> String {
        guard key.reference.hasPrefix("location:"), let id = Int(key.reference.dropFirst("location:".count)),
            let name = reference.locations[id]?["name"]?.stringValue
        else { return "(none)" }
        return name
    }
}
