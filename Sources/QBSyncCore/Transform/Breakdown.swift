import QBSyncJSON

/// Splits a planned document's amount by the account its lines post to (the item's income
/// account, the tax or clearing account; a payment's deposit account) and by class (the
/// location), so the run summary can set the OMS's totals beside QuickBooks's per account and
/// per location.
enum Breakdown {
    static func of(_ operation: PlannedOperation, context: MappingContext) -> [String: [String: Int]]? {
        guard operation.expectedCents != nil, operation.operation == "create" || operation.operation == "update" else { return nil }
        var accounts: [String: Int] = [:]
        var classes: [String: Int] = [:]
        if operation.entity == "Payment" {
            let account = accountName(operation.body["DepositToAccountRef"]?["value"]?.stringValue) ?? "(default)"
            accounts[account, default: 0] += operation.expectedCents ?? 0
            classes["(none)", default: 0] += operation.expectedCents ?? 0
            return ["account": accounts, "class": classes]
        }
        for line in operation.body["Line"]?.arrayValue ?? [] {
            guard let cents = line["Amount"]?.centsValue, let detail = line["SalesItemLineDetail"] else { continue }
            let item = detail["ItemRef"]?["value"]?.stringValue.map { String($0.dropFirst()) } ?? ""
            accounts[account(ofItem: item, context: context), default: 0] += cents
            let classKey = detail["ClassRef"]?["value"]?.stringValue.map { String($0.dropFirst()) } ?? ""
            classes[className(classKey, context: context), default: 0] += cents
        }
        return ["account": accounts, "class": classes]
    }

    private static func accountName(_ placeholder: String?) -> String? {
        guard let placeholder, placeholder.hasPrefix("@account ") else { return nil }
        return String(placeholder.dropFirst("@account ".count))
    }

    private static func account(ofItem key: String, context: MappingContext) -> String {
        let mapping = context.settings.mapping
        switch key {
        case "item generic:sales_tax": return mapping.taxAccount
        case "item generic:credit_refund": return mapping.refundClearingAccount
        default:
            let kind: String?
            if key.hasPrefix("item generic:") {
                kind = String(key.dropFirst("item generic:".count))
            } else {
                kind = Int(key.dropFirst("item item:".count)).flatMap { context.items[$0]?["kind"]?.stringValue }
            }
            return kind.flatMap { mapping.incomeAccounts[$0] } ?? "(unknown item)"
        }
    }

    private static func className(_ key: String, context: MappingContext) -> String {
        guard let id = Int(key.dropFirst("class location:".count)), let name = context.locations[id]?["name"]?.stringValue else {
            return "(none)"
        }
        return name
    }
}
