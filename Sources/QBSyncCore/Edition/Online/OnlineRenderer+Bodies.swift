import QBSyncJSON

/// The bodies of QuickBooks Online's entities, field by field, clamped to Online's lengths.
extension OnlineRenderer {
    func customer(_ customer: CustomerChange) -> JSONValue {
        // An upsert leaves the customer active: one the OMS keeps inactive is made so in the last wave.
        var body: JSONValue = ["DisplayName": .string(customer.displayName), "Active": true]
        if let given = customer.givenName { body["GivenName"] = .string(rules.name(given)) }
        if let family = customer.familyName { body["FamilyName"] = .string(rules.name(family)) }
        if let middle = customer.middleName { body["MiddleName"] = .string(rules.name(middle)) }
        if let company = customer.companyName { body["CompanyName"] = .string(rules.name(company)) }
        if let phone = customer.phone { body["PrimaryPhone"] = ["FreeFormNumber": .string(String(phone.prefix(30)))] }
        if let mobile = customer.mobile { body["Mobile"] = ["FreeFormNumber": .string(String(mobile.prefix(30)))] }
        if let email = customer.email { body["PrimaryEmailAddr"] = ["Address": .string(String(email.prefix(100)))] }
        if let address = customer.address { body["BillAddr"] = self.address(address) }
        return body
    }

    func address(_ address: PostalAddress) -> JSONValue {
        var json: [String: JSONValue] = [:]
        if let text = address.line1 { json["Line1"] = .string(String(text.prefix(500))) }
        if let text = address.line2 { json["Line2"] = .string(String(text.prefix(500))) }
        if let text = address.city { json["City"] = .string(String(text.prefix(255))) }
        if let text = address.region { json["CountrySubDivisionCode"] = .string(String(text.prefix(255))) }
        if let text = address.postalCode { json["PostalCode"] = .string(String(text.prefix(30))) }
        if let text = address.country { json["Country"] = .string(String(text.prefix(255))) }
        return .object(json)
    }

    func item(_ item: ItemChange) -> JSONValue {
        var body: JSONValue = [
            "Name": .string(item.name), "Type": .string(item.type), "IncomeAccountRef": ["value": account(item.incomeAccount)],
        ]
        if let cents = item.unitPriceCents { body["UnitPrice"] = .cents(cents) }
        if let active = item.active { body["Active"] = .bool(active) }
        if let taxable = item.taxable { body["Taxable"] = .bool(taxable) }
        if let sku = item.sku { body["Sku"] = .string(String(rules.clean(sku).prefix(rules.maxNameLength))) }
        return body
    }

    func salesDocument(_ document: SalesDocument) -> JSONValue {
        var body: JSONValue = [
            "CustomerRef": ref(document.customer), "DocNumber": .string(document.number),
            "TxnDate": .string(document.date), "Line": .array(document.lines.map(line)), "PrivateNote": .string(document.note),
        ]
        if let due = document.dueDate { body["DueDate"] = .string(due) }
        if let bank = document.depositAccount { body["DepositToAccountRef"] = ["value": account(bank)] }
        if let method = document.paymentMethod { body["PaymentMethodRef"] = ref(method) }
        return body
    }

    /// Every line posts with the `NON` tax code: the OMS's tax travels as its own line.
    func line(_ line: SalesLineChange) -> JSONValue {
        var detail: JSONValue = [
            "ItemRef": ref(line.item), "ClassRef": ref(line.classKey),
            "TaxCodeRef": ["value": "NON"],
        ]
        if let milli = line.quantityMilli, let price = line.unitPriceCents {
            detail["Qty"] = .number(Self.quantity(milli))
            detail["UnitPrice"] = .cents(price)
        }
        return ["DetailType": "SalesItemLineDetail", "Amount": .cents(line.cents), "SalesItemLineDetail": detail]
    }

    func payment(_ payment: PaymentChange) -> JSONValue {
        [
            "CustomerRef": ref(payment.customer), "TotalAmt": .cents(payment.totalCents),
            "TxnDate": .string(payment.date),
            "Line": .array(payment.applications.map { application in
                ["Amount": .cents(application.cents), "LinkedTxn": [["TxnId": id(application.invoice), "TxnType": "Invoice"]]]
            }),
            "PaymentMethodRef": ref(payment.paymentMethod),
            "DepositToAccountRef": ["value": account(payment.depositAccount)],
            "PaymentRefNum": .string(payment.reference), "PrivateNote": .string(payment.note),
        ]
    }

    /// Online applies a credit through a payment of zero linking both documents; an amount of
    /// `@open-balance` is settled by the load from what QuickBooks reports open.
    func application(_ application: CreditApplication) -> JSONValue {
        let amount: JSONValue = application.cents.map { .cents($0) } ?? .string(OpenBalance.placeholder)
        func linked(_ key: ObjectKey) -> JSONValue {
            ["Amount": amount, "LinkedTxn": [["TxnId": id(key), "TxnType": .string(Self.entity(key.kind))]]]
        }
        return [
            "CustomerRef": ref(application.customer), "TotalAmt": .cents(0), "TxnDate": .string(application.date),
            "PaymentRefNum": .string(application.reference), "PrivateNote": .string(application.note),
            "Line": [linked(application.document), linked(application.credit)],
        ]
    }

    /// The id of the object under `key`, written as the edition writes an id not given yet
    /// (`@customer patient:12`): the load puts the QuickBooks id in its place.
    func id(_ key: ObjectKey) -> JSONValue { .string(rules.placeholderPrefix + key.description) }

    /// The current SyncToken of the object under `key` (`@synctoken customer patient:12`).
    func syncToken(_ key: ObjectKey) -> JSONValue { .string(rules.placeholderPrefix + "synctoken " + key.description) }

    /// A reference object `{"value": "@key"}`.
    func ref(_ key: ObjectKey) -> JSONValue { ["value": id(key)] }

    /// An account by name (`@account Sales of Product Income`): the load finds its id by name.
    func account(_ name: String) -> JSONValue { .string(rules.placeholderPrefix + "account " + name) }

    /// Thousandths as a decimal literal: 1500 -> `1.5`, 2000 -> `2`.
    static func quantity(_ milli: Int) -> String {
        let sign = milli < 0 ? "-" : ""
        let magnitude = milli.magnitude
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
