import QBSyncJSON

extension CompanyState {
    /// A fresh company: the seeded lists, created through the same rules a client's would be.
    static func seeded(bookCloseDate: String?) -> CompanyState {
        var state = CompanyState()
        state.bookCloseDate = bookCloseDate
        do {
            for (name, type, detail) in ChartOfAccounts.accounts {
                _ = try state.create(.account, ["Name": .string(name), "AccountType": .string(type), "AccountSubType": .string(detail)])
            }
            for (name, isCard) in ChartOfAccounts.paymentMethods {
                _ = try state.create(.paymentMethod, ["Name": .string(name), "Type": .string(isCard ? "CREDIT_CARD" : "NON_CREDIT_CARD")])
            }
            let services = state.idHoldingName(.account, "Services")!
            for name in ["Services", "Hours"] {
                _ = try state.create(
                    .item, ["Name": .string(name), "Type": "Service", "IncomeAccountRef": ["value": .string(String(services))]])
            }
        } catch {
            preconditionFailure("the seeded company breaks its own rules: \(error)")
        }
        return state
    }
}
