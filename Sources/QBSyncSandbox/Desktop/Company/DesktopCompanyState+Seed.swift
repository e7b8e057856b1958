extension DesktopCompanyState {
    /// A new US company as QuickBooks Desktop's setup leaves it: the accounts every company
    /// has, no income or bad-debt accounts of the pipeline's (it adds those with AccountAdd),
    /// and no customers, items, classes or payment methods.
    static func seeded(now: String) -> DesktopCompanyState {
        var state = DesktopCompanyState()
        let accounts = [
            ("Checking", "Bank"), ("Accounts Receivable", "AccountsReceivable"),
            ("Undeposited Funds", "OtherCurrentAsset"), ("Inventory Asset", "OtherCurrentAsset"),
            ("Accounts Payable", "AccountsPayable"), ("Payroll Liabilities", "OtherCurrentLiability"),
            ("Opening Balance Equity", "Equity"), ("Owners Equity", "Equity"), ("Retained Earnings", "Equity"),
            ("Cost of Goods Sold", "CostOfGoodsSold"), ("Ask My Accountant", "Expense"),
            ("Reconciliation Discrepancies", "Expense"), ("Payroll Expenses", "Expense"),
            ("Estimates", "NonPosting"), ("Purchase Orders", "NonPosting"),
        ]
        for (name, type) in accounts {
            let entry = DesktopListEntry(
                kind: "Account", listID: state.newListID(), name: name, parentID: nil, isActive: true,
                editSequence: state.newEditSequence(), timeCreated: now, timeModified: now,
                fields: [DesktopField(name: "AccountType", text: type)])
            state.appendList(entry)
        }
        return state
    }
}
