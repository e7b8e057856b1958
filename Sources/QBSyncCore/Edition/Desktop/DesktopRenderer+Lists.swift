import QBSyncXML

/// Customers, items and the names of Desktop's lists, field by field in schema order.
extension DesktopRenderer {
    /// CustomerAdd (or, from `IsActive` on, the Mod after its ListID and EditSequence): Name,
    /// IsActive, CompanyName, FirstName, MiddleName, LastName, BillAddress, Phone, AltPhone, Email.
    /// A redacted patient has a pseudonym and nothing else the policy does not allow.
    func customer(_ customer: CustomerChange, key: ObjectKey, mod: Bool) -> [XMLTreeElement] {
        var fields: [XMLTreeElement] = mod ? modHead(key) : []
        // An upsert leaves the customer active: one the OMS keeps inactive is made so in the last wave.
        fields += [.leaf("Name", customer.displayName), .leaf("IsActive", "true")]
        if let company = customer.companyName { fields.append(.leaf("CompanyName", clamp(rules.name(company), 41))) }
        if let given = customer.givenName { fields.append(.leaf("FirstName", clamp(rules.name(given), 25))) }
        if let middle = customer.middleName { fields.append(.leaf("MiddleName", clamp(rules.name(middle), 5))) }
        if let family = customer.familyName { fields.append(.leaf("LastName", clamp(rules.name(family), 25))) }
        if let address = customer.address { fields.append(self.address(address)) }
        if let phone = customer.phone { fields.append(.leaf("Phone", clamp(phone, 21))) }
        if let mobile = customer.mobile { fields.append(.leaf("AltPhone", clamp(mobile, 21))) }
        if let email = customer.email { fields.append(.leaf("Email", clamp(email, 1023))) }
        return fields
    }

    /// BillAddress: Addr1, Addr2, City, State, PostalCode, Country.
    func address(_ address: PostalAddress) -> XMLTreeElement {
        var parts: [XMLTreeElement] = []
        if let text = address.line1 { parts.append(.leaf("Addr1", clamp(text, 41))) }
        if let text = address.line2 { parts.append(.leaf("Addr2", clamp(text, 41))) }
        if let text = address.city { parts.append(.leaf("City", clamp(text, 31))) }
        if let text = address.region { parts.append(.leaf("State", clamp(text, 21))) }
        if let text = address.postalCode { parts.append(.leaf("PostalCode", clamp(text, 13))) }
        if let text = address.country { parts.append(.leaf("Country", clamp(text, 31))) }
        return XMLTreeElement("BillAddress", children: parts)
    }

    /// ItemServiceAdd, ItemNonInventoryAdd or ItemOtherChargeAdd: Name, IsActive, then
    /// SalesOrPurchase (Price, AccountRef) posting to the item's income account. The Mod sends
    /// SalesOrPurchaseMod.
    func item(_ item: ItemChange, key: ObjectKey, mod: Bool) -> [XMLTreeElement] {
        var fields: [XMLTreeElement] = mod ? modHead(key) : []
        fields.append(.leaf("Name", clamp(item.name, rules.itemNameLength)))
        if let active = item.active { fields.append(.leaf("IsActive", Self.bool(active))) }
        var sales: [XMLTreeElement] = []
        if let cents = item.unitPriceCents { sales.append(.leaf("Price", Self.amount(cents))) }
        sales.append(accountRef("AccountRef", item.incomeAccount))
        fields.append(XMLTreeElement(mod ? "SalesOrPurchaseMod" : "SalesOrPurchase", children: sales))
        return fields
    }

    /// `<Name><FullName>account</FullName></Name>`: Desktop finds an account by its full name.
    func accountRef(_ name: String, _ account: String) -> XMLTreeElement {
        XMLTreeElement(name, children: [.leaf("FullName", account)])
    }

    /// `<Name><ListID>@key</ListID></Name>`, or with a TxnID for a transaction.
    func ref(_ name: String, _ key: ObjectKey) -> XMLTreeElement {
        XMLTreeElement(name, children: [.leaf("ListID", QBXMLPlaceholder.id(key))])
    }

    func clamp(_ text: String, _ limit: Int) -> String { String(text.prefix(limit)) }

    /// The item type a key's item is in Desktop: the tax, write-off and refund items carry
    /// amounts that are not sales (ItemOtherCharge); the rest are the pipeline's item type.
    static func itemType(key: ObjectKey, item: ItemChange) -> String {
        if ["generic:sales_tax", "generic:write_off", "generic:credit_refund"].contains(key.reference) { return "ItemOtherCharge" }
        return item.type == "NonInventory" ? "ItemNonInventory" : "ItemService"
    }

    /// The OMS's kind of payment method as Desktop's PaymentMethodType.
    static func paymentMethodType(_ kind: String) -> String {
        switch kind {
        case "cash": "Cash"
        case "check": "Check"
        case "card": "OtherCreditCard"
        case "eft": "ECheck"
        default: "Other"
        }
    }

    /// An account type as the pipeline writes it (`Other Current Liability`) in qbXML's words.
    static func accountType(_ type: String) -> String {
        let words = type.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        let joined = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        switch joined.lowercased() {
        case "accountsreceivable": return "AccountsReceivable"
        case "otherincome": return "OtherIncome"
        case "otherexpense": return "OtherExpense"
        case "costofgoodssold": return "CostOfGoodsSold"
        default: return joined
        }
    }
}
