/// Turns what a batch body refers to (`@customer patient:12`, `@class location:2`, `@account
/// Services`, or a raw QuickBooks id an accountant typed) into the name QuickBooks shows: from
/// this run's own bodies first (what the load is about to create), then the ledger, then the
/// run's locations and the pipeline's mapping.
struct ReviewNames {
    let inputs: ReviewInputs
    /// Every object this run plans that documents refer to (not documents themselves: a run of
    /// a million invoices names its customers, not its invoices), with what names it (a
    /// customer's display name, an item's or class's name, an item's income account); a
    /// create's win.
    private var planned: [String: Given] = [:]

    private struct Given {
        var name: String?
        var incomeAccount: String?
    }
    /// `Customer 58` -> object key, for raw ids (an accountant's hand edit); beyond these, the ledger.
    private var keysByID: [String: String] = [:]
    private var lookupKey: (String, String) -> String? = { _, _ in nil }
    /// `item item:5` -> `item generic:hearing_aid` for OMS items mapped to a generic item.
    private var links: [String: String] = [:]

    /// Names from the ledger and the run's inputs; the run's own come through `note`.
    init(inputs: ReviewInputs) {
        self.inputs = inputs
        for object in inputs.objects.values { keysByID["\(object.qboType) \(object.qboID)"] = object.key }
        lookupKey = inputs.lookupKey
    }

    /// Takes note of an operation the run plans, with its body: the objects a document may
    /// refer to (customers, items, classes) and the names the name-giving waves (setup,
    /// customers and items, deactivations) give them.
    mutating func note(_ operation: PlannedOperation, reading: ReadDocument?) {
        guard !ReviewBuilder.documentEntities.contains(operation.entity) else { return }
        var given = planned[operation.key] ?? Given()
        if [.setup, .names, .deactivations].contains(operation.wave), let reading {
            let wins = operation.operation == "create"
            if let value = reading.name, given.name == nil || wins { given.name = value }
            if let value = reading.incomeAccount?.value, given.incomeAccount == nil || wins { given.incomeAccount = value }
        }
        planned[operation.key] = given
    }

    /// Takes note of a link (an OMS item mapped to an object that exists, such as a generic item).
    mutating func noteLink(_ link: PlannedOperation) {
        if planned[link.key] == nil { planned[link.key] = Given() }
        if let target = link.target { links[link.key] = target }
    }

    /// Whether `key` is planned in this run or recorded in QuickBooks.
    func isKnown(_ key: String) -> Bool { planned[key] != nil || inputs.object(key) != nil }

    /// The object key a reference value stands for: the placeholder's key, the ledger's key for
    /// a raw id of `qboType`, else `id:<value>`.
    func key(for value: String, qboType: String) -> String {
        if value.hasPrefix("@") { return String(value.dropFirst()) }
        return keysByID["\(qboType) \(value)"] ?? lookupKey(qboType, value) ?? "id:\(value)"
    }

    /// The name of a customer reference and its key.
    func customer(_ value: String) -> (key: String, name: String) {
        let key = key(for: value, qboType: "Customer")
        let name = planned[key]?.name ?? inputs.name(key) ?? inputs.object(key)?.name
        return (key, name ?? Self.fallbackName(key, entity: "customer"))
    }

    /// The name of a class reference.
    func className(_ value: String) -> String {
        let key = key(for: value, qboType: "Class")
        if let name = planned[key]?.name ?? inputs.object(key)?.name { return name }
        if key.hasPrefix("class location:"), let id = Int(key.dropFirst("class location:".count)), let name = inputs.locationNames[id] {
            return EditionRules.online.name(name)
        }
        return Self.fallbackName(key, entity: "class")
    }

    /// The name of an account reference (`@account Services` is the account named Services).
    func account(_ value: String) -> String {
        if value.hasPrefix("@account ") { return String(value.dropFirst("@account ".count)) }
        let key = key(for: value, qboType: "Account")
        if key.hasPrefix("account ") { return String(key.dropFirst("account ".count)) }
        return inputs.object(key)?.name ?? Self.fallbackName(key, entity: "account")
    }

    /// An item reference's name and the account its sales post to.
    func item(_ value: String) -> (name: String, account: String) {
        var key = key(for: value, qboType: "Item")
        if let target = links[key] { key = target }
        let mapping = inputs.mapping
        var generic: (name: String, account: String)?
        if key.hasPrefix("item generic:") {
            switch String(key.dropFirst("item generic:".count)) {
            case "hearing_aid": generic = (mapping.genericHearingAidName, mapping.incomeAccounts["hearing_aid"] ?? "")
            case "option": generic = (mapping.genericOptionName, mapping.incomeAccounts["option"] ?? "")
            case "sales_tax": generic = (mapping.taxItemName, mapping.taxAccount)
            default: break
            }
        }
        let name = planned[key]?.name ?? inputs.name(key) ?? inputs.object(key)?.name ?? generic?.name
        var account = planned[key]?.incomeAccount.map(self.account) ?? generic?.account
        if account == nil, key.hasPrefix("item item:"), let id = Int(key.dropFirst("item item:".count)),
            let kind = inputs.itemKinds[id]
        {
            account = mapping.incomeAccounts[kind]
        }
        return (name ?? Self.fallbackName(key, entity: "item"), account ?? "(the item's account in QuickBooks)")
    }

    /// What to show for a reference nothing names: its key, marked.
    static func fallbackName(_ key: String, entity: String) -> String {
        key.hasPrefix("id:") ? "QuickBooks \(entity) \(key.dropFirst(3))" : "? \(key)"
    }
}
