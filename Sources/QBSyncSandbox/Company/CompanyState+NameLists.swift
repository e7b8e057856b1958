import QBSyncJSON

/// The rules of QuickBooks's name lists (customers, items, classes, payment methods, accounts):
/// required names, unique case-insensitively, no `:`/tab/newline, QBO's length limits, and the
/// accounts an item type needs. Each function gets the merged request fields and the stored
/// object it replaces (nil on create) and returns the fields to store.
extension CompanyState {
    func prepareCustomer(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        for (key, max) in [("Title", 16), ("GivenName", 100), ("MiddleName", 100), ("FamilyName", 100), ("Suffix", 16)] {
            _ = try Self.text(fields, key, max: max, isName: true)
        }
        _ = try Self.text(fields, "CompanyName", max: 100, isName: true)
        _ = try Self.text(fields, "PrintOnCheckName", max: 110, isName: true)
        _ = try Self.text(fields, "Notes", max: 2000)
        for phone in ["PrimaryPhone", "AlternatePhone", "Mobile", "Fax"] {
            if let value = fields[phone], value != .null {
                _ = try Self.text(value.objectValue ?? [:], "FreeFormNumber", max: 30, element: "\(phone).FreeFormNumber")
            }
        }
        if let email = fields["PrimaryEmailAddr"], email != .null {
            _ = try Self.text(email.objectValue ?? [:], "Address", max: 100, element: "PrimaryEmailAddr.Address")
        }
        var displayName = try Self.text(fields, "DisplayName", max: 500, isName: true)
        if displayName?.isEmpty ?? true {
            // QuickBooks builds the display name from the name parts, else the company name.
            let parts = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"].compactMap { fields[$0]?.stringValue }
            let built = parts.filter { !$0.isEmpty }.joined(separator: " ")
            displayName = built.isEmpty ? fields["CompanyName"]?.stringValue : built
        }
        guard let name = displayName, !name.isEmpty else {
            throw .required("DisplayName (or GivenName, FamilyName or CompanyName)")
        }
        fields["DisplayName"] = .string(name)
        try checkUniqueName(.customer, name, existing: existing)
        _ = try Self.flag(fields, "Active")
        fields["Active"] = fields["Active"] ?? true
        fields["PaymentMethodRef"] = try reference(fields["PaymentMethodRef"], to: .paymentMethod, element: "PaymentMethodRef")
        if let parent = try reference(fields["ParentRef"], to: .customer, element: "ParentRef") {
            fields["ParentRef"] = parent
            fields["Job"] = true
            fields["FullyQualifiedName"] = .string((parent["name"]?.stringValue ?? "") + ":" + name)
            fields["Level"] = 1
        } else {
            fields["Job"] = fields["Job"] ?? false
            fields["FullyQualifiedName"] = .string(name)
        }
        fields["Balance"] = existing?["Balance"] ?? .cents(0)
        fields["BalanceWithJobs"] = existing?["BalanceWithJobs"] ?? .cents(0)
        return fields
    }

    func prepareItem(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        let name = try Self.text(fields, "Name", max: 100, required: true, isName: true)!
        _ = try Self.text(fields, "Sku", max: 100)
        _ = try Self.text(fields, "Description", max: 4000)
        _ = try Self.text(fields, "PurchaseDesc", max: 1000)
        _ = try Self.decimal(fields["UnitPrice"], "UnitPrice")
        _ = try Self.decimal(fields["PurchaseCost"], "PurchaseCost")
        _ = try Self.flag(fields, "Active")
        let type = try Self.text(fields, "Type", max: 20) ?? existing?["Type"]?.stringValue ?? "NonInventory"
        guard ["Service", "NonInventory", "Inventory"].contains(type) else {
            throw .business("Item type \(type) is not supported; use Service, NonInventory or Inventory.", element: "Type")
        }
        if let old = existing?["Type"]?.stringValue, old != type {
            throw .business("You can't change the type of an item (\(old) to \(type)).", element: "Type")
        }
        fields["Type"] = .string(type)
        fields["IncomeAccountRef"] = try reference(fields["IncomeAccountRef"], to: .account, element: "IncomeAccountRef", required: true)
        let isInventory = type == "Inventory"
        fields["ExpenseAccountRef"] = try reference(fields["ExpenseAccountRef"], to: .account, element: "ExpenseAccountRef", required: isInventory)
        if let asset = try reference(fields["AssetAccountRef"], to: .account, element: "AssetAccountRef", required: isInventory) {
            let id = Int(asset["value"]!.stringValue!)!
            if isInventory, object(.account, id)?["AccountType"]?.stringValue != "Other Current Asset" {
                throw .business("The inventory asset account must be an Other Current Asset account.", element: "AssetAccountRef")
            }
            fields["AssetAccountRef"] = asset
        }
        if isInventory {
            _ = try Self.date(fields, "InvStartDate", required: true)
            guard try Self.decimal(fields["QtyOnHand"], "QtyOnHand") != nil else { throw .required("QtyOnHand") }
            fields["TrackQtyOnHand"] = true
        } else {
            fields["TrackQtyOnHand"] = false
        }
        fields["ClassRef"] = try reference(fields["ClassRef"], to: .classification, element: "ClassRef")
        try qualify(.item, name: name, fields: &fields, subFlag: "SubItem")
        try checkUniqueName(.item, fields["FullyQualifiedName"]!.stringValue!, existing: existing)
        fields["Active"] = fields["Active"] ?? true
        return fields
    }

    func prepareClass(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        let name = try Self.text(fields, "Name", max: 100, required: true, isName: true)!
        _ = try Self.flag(fields, "Active")
        try qualify(.classification, name: name, fields: &fields, subFlag: "SubClass")
        try checkUniqueName(.classification, fields["FullyQualifiedName"]!.stringValue!, existing: existing)
        fields["Active"] = fields["Active"] ?? true
        return fields
    }

    func preparePaymentMethod(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        let name = try Self.text(fields, "Name", max: 31, required: true, isName: true)!
        _ = try Self.flag(fields, "Active")
        let type = try Self.text(fields, "Type", max: 20) ?? "NON_CREDIT_CARD"
        guard type == "CREDIT_CARD" || type == "NON_CREDIT_CARD" else {
            throw .invalidProperty("Type (CREDIT_CARD or NON_CREDIT_CARD)", element: "Type")
        }
        fields["Type"] = .string(type)
        try checkUniqueName(.paymentMethod, name, existing: existing)
        fields["Active"] = fields["Active"] ?? true
        return fields
    }

    func prepareAccount(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        let name = try Self.text(fields, "Name", max: 100, required: true, isName: true)!
        if name.contains("\"") { throw .business("Name can not contain a double quote (\").", element: "Name") }
        _ = try Self.text(fields, "Description", max: 100)
        _ = try Self.text(fields, "AcctNum", max: 7)
        _ = try Self.flag(fields, "Active")
        let type = try Self.text(fields, "AccountType", max: 40, required: true)!
        guard let classification = ChartOfAccounts.classification(ofType: type) else {
            throw .business("\(type) is not an account type.", element: "AccountType")
        }
        fields["Classification"] = .string(classification)
        try qualify(.account, name: name, fields: &fields, subFlag: "SubAccount")
        try checkUniqueName(.account, fields["FullyQualifiedName"]!.stringValue!, existing: existing)
        fields["Active"] = fields["Active"] ?? true
        fields["CurrentBalance"] = existing?["CurrentBalance"] ?? 0
        fields["CurrentBalanceWithSubAccounts"] = existing?["CurrentBalanceWithSubAccounts"] ?? 0
        return fields
    }

    /// Sets `FullyQualifiedName` (`Parent:Name` under a `ParentRef`) and the sub-list flag.
    private func qualify(_ kind: EntityKind, name: String, fields: inout [String: JSONValue], subFlag: String) throws(QBOFault) {
        if let parent = try reference(fields["ParentRef"], to: kind, element: "ParentRef") {
            fields["ParentRef"] = parent
            fields[subFlag] = true
            fields["FullyQualifiedName"] = .string((parent["name"]?.stringValue ?? "") + ":" + name)
        } else {
            fields[subFlag] = false
            fields["FullyQualifiedName"] = .string(name)
        }
    }

    /// 6240 when another record of the list (active or not) already holds the name.
    private func checkUniqueName(_ kind: EntityKind, _ name: String, existing: JSONValue?) throws(QBOFault) {
        guard let holder = idHoldingName(kind, name) else { return }
        if let own = existing?["Id"]?.stringValue, own == String(holder) { return }
        throw .duplicateName(owner: kind.nameOwner)
    }
}
