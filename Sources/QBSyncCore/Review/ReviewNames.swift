import QBSyncJSON

/// Turns what a batch body refers to (`@customer patient:12`, `@class location:2`, `@account
/// Services`, or a raw QuickBooks id an accountant typed) into the name QuickBooks shows: from
/// this run's own bodies first (what the load is about to create), then the ledger, then the
/// run's locations and the pipeline's mapping.
struct ReviewNames {
    private(set) var inputs: ReviewInputs
    /// What names an object this run creates or changes (`DisplayName`, `Name`, an item's
    /// `IncomeAccountRef`), by object key; a create's members win. Documents are not kept: a run
    /// of a million invoices names its customers, not its invoices.
    private var bodies: [String: JSONValue] = [:]
    /// `Customer 58` -> object key, for raw ids.
    private var keysByID: [String: String] = [:]
    /// `item item:5` -> `item generic:hearing_aid` for OMS items mapped to a generic item.
    private var links: [String: String] = [:]
    /// Keys of the objects this run plans that documents refer to (not documents themselves).
    private(set) var planned: Set<String> = []

    /// The members a name is read from.
    private static let namingMembers = ["DisplayName", "Name", "IncomeAccountRef"]

    /// Names from the ledger and the run's inputs; the run's own come through `note`.
    init(inputs: ReviewInputs) {
        self.inputs = inputs
        for object in inputs.objects.values { keysByID["\(object.qboType) \(object.qboID)"] = object.key }
    }

    /// Takes note of an operation the run plans, with its body: the objects a document may
    /// refer to (customers, items, classes) and the names the name-giving waves (setup,
    /// customers and items, deactivations) give them.
    mutating func note(_ operation: PlannedOperation) {
        guard !ReviewBuilder.documentEntities.contains(operation.entity) else { return }
        planned.insert(operation.key)
        guard [.setup, .names, .deactivations].contains(operation.wave) else { return }
        var members = bodies[operation.key]?.objectValue ?? [:]
        for name in Self.namingMembers {
            guard let value = operation.body[name], members[name] == nil || operation.operation == "create" else { continue }
            members[name] = value
        }
        if !members.isEmpty { bodies[operation.key] = .object(members) }
    }

    /// Takes the ledger's names as they are now.
    mutating func useNames(_ given: [String: String], sources: [String: String]) {
        inputs.names = given
        inputs.nameSources = sources
    }

    /// Takes note of a link (an OMS item mapped to an object that exists, such as a generic item).
    mutating func noteLink(_ link: PlannedOperation) {
        planned.insert(link.key)
        if let target = link.target { links[link.key] = target }
    }

    /// Whether `key` is planned in this run or recorded in QuickBooks.
    func isKnown(_ key: String) -> Bool { planned.contains(key) || inputs.objects[key] != nil }

    /// The object key a reference value stands for: the placeholder's key, the ledger's key for
    /// a raw id of `qboType`, else `id:<value>`.
    func key(for value: String, qboType: String) -> String {
        if value.hasPrefix("@") { return String(value.dropFirst()) }
        return keysByID["\(qboType) \(value)"] ?? "id:\(value)"
    }

    /// The name of a customer reference and its key.
    func customer(_ value: String) -> (key: String, name: String) {
        let key = key(for: value, qboType: "Customer")
        let name = bodies[key]?["DisplayName"]?.stringValue ?? inputs.names[key] ?? inputs.objects[key]?.name
        return (key, name ?? Self.fallbackName(key, entity: "customer"))
    }

    /// The name of a class reference.
    func className(_ value: String) -> String {
        let key = key(for: value, qboType: "Class")
        if let name = bodies[key]?["Name"]?.stringValue ?? inputs.objects[key]?.name { return name }
        if key.hasPrefix("class location:"), let id = Int(key.dropFirst("class location:".count)), let name = inputs.locationNames[id] {
            return QBONames.candidate(name, attempt: 0)
        }
        return Self.fallbackName(key, entity: "class")
    }

    /// The name of an account reference (`@account Services` is the account named Services).
    func account(_ value: String) -> String {
        if value.hasPrefix("@account ") { return String(value.dropFirst("@account ".count)) }
        let key = key(for: value, qboType: "Account")
        if key.hasPrefix("account ") { return String(key.dropFirst("account ".count)) }
        return inputs.objects[key]?.name ?? Self.fallbackName(key, entity: "account")
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
        let name = bodies[key]?["Name"]?.stringValue ?? inputs.names[key] ?? inputs.objects[key]?.name ?? generic?.name
        var account = bodies[key]?["IncomeAccountRef"]?["value"]?.stringValue.map(self.account) ?? generic?.account
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
