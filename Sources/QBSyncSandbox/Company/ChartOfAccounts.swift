import QBSyncJSON

/// What a new US QuickBooks Online company starts with: its chart of accounts (the names the
/// shipped pipeline maps to), the default payment methods and the `Services`/`Hours` items.
enum ChartOfAccounts {
    /// Name, account type, detail type of each seeded account, in id order.
    static let accounts: [(String, String, String)] = [
        ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
        ("Checking", "Bank", "Checking"),
        ("Savings", "Bank", "Savings"),
        ("Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
        ("Inventory Asset", "Other Current Asset", "Inventory"),
        ("Uncategorized Asset", "Other Current Asset", "OtherCurrentAssets"),
        ("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
        ("Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
        ("Retained Earnings", "Equity", "RetainedEarnings"),
        ("Sales of Product Income", "Income", "SalesOfProductIncome"),
        ("Services", "Income", "ServiceFeeIncome"),
        ("Uncategorized Income", "Income", "ServiceFeeIncome"),
        ("Discounts given", "Income", "DiscountsRefundsGiven"),
        ("Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
        ("Bad Debts", "Expense", "BadDebts"),
        ("Bank Charges", "Expense", "BankCharges"),
        ("Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost"),
    ]

    /// The default payment methods and whether each is a card.
    static let paymentMethods: [(String, Bool)] = [
        ("Cash", false), ("Check", false), ("Visa", true), ("MasterCard", true), ("American Express", true),
        ("Discover", true), ("Diners Club", true),
    ]

    /// The classification QuickBooks derives from an account type, or nil for an unknown type.
    static func classification(ofType type: String) -> String? {
        switch type {
        case "Bank", "Other Current Asset", "Fixed Asset", "Other Asset", "Accounts Receivable": return "Asset"
        case "Accounts Payable", "Credit Card", "Long Term Liability", "Other Current Liability": return "Liability"
        case "Equity": return "Equity"
        case "Income", "Other Income": return "Revenue"
        case "Expense", "Other Expense", "Cost of Goods Sold": return "Expense"
        default: return nil
        }
    }
}
