import QBSyncJSON

/// What the mappers may consult besides the record they map: the settings, the ledger's maps
/// (QuickBooks ids, pseudonyms, unique names, document numbers) and the run's other records.
/// It also collects the shared objects a run needs (classes, generic items, the tax item) so
/// that each is planned once.
final class MappingContext {
    let settings: PipelineSettings
    let ledger: Ledger
    let runID: String
    /// Every item row the run carries (synced or context), by id.
    let items: [Int: JSONValue]
    /// The sale rows the run carries, found by id.
    let sales: SaleRows
    let locations: [Int: JSONValue]
    let paymentMethods: [Int: JSONValue]

    /// Shared objects required by the mapped documents, by key.
    private(set) var required: [String: PlannedOperation] = [:]
    private var objectCache: [String: QBOObject?] = [:]
    /// Customers this run posts in its names wave (an upsert leaves them active), and those it
    /// reactivates for its documents: each is made active once per run.
    var activeInRun: Set<String> = []
    /// False before the first load: nothing of this clinic's is in QuickBooks, nothing to ask.
    let ledgerHoldsObjects: Bool

    init(
        settings: PipelineSettings, ledger: Ledger, runID: String, items: [Int: JSONValue], sales: SaleRows,
        reference: JSONValue
    ) throws {
        ledgerHoldsObjects = try ledger.holdsQBOObjects()
        self.settings = settings
        self.ledger = ledger
        self.runID = runID
        self.items = items
        self.sales = sales
        func byID(_ rows: JSONValue?) -> [Int: JSONValue] {
            Dictionary((rows?.arrayValue ?? []).compactMap { row in row["id"]?.intValue.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        }
        locations = byID(reference["locations"])
        paymentMethods = byID(reference["payment_methods"])
    }

    var redacted: Bool { settings.redaction.enabled }

    /// What QuickBooks holds under `key`, per the ledger.
    func object(_ key: String) throws -> QBOObject? {
        guard ledgerHoldsObjects else { return nil }
        if let cached = objectCache[key] { return cached }
        let object = try ledger.qboObject(key)
        // Shared objects (classes, generic items) are asked for again and again; a record's own
        // object once. Bounded, so a million records do not all stay in memory.
        if objectCache.count >= 4096 { objectCache.removeAll(keepingCapacity: true) }
        objectCache[key] = object
        return object
    }

    /// A create, or a sparse update of the existing object, of `entity` under `key`; nil when
    /// QuickBooks already holds exactly this (the fingerprint of what was last posted matches).
    func upsert(
        key: String, ref: String, entity: String, body: JSONValue, wave: Wave, lookup: Lookup?, adoptExisting: Bool = false,
        expectedCents: Int? = nil
    ) throws -> PlannedOperation? {
        var operation = PlannedOperation(
            key: key, ref: ref, entity: entity, operation: "create", body: body, wave: wave, lookup: lookup,
            adoptExisting: adoptExisting, expectedCents: expectedCents)
        guard let existing = try object(key) else { return operation }
        if existing.fingerprint == operation.fingerprint { return nil }
        operation.operation = "update"
        operation.adoptExisting = false
        operation.body["Id"] = Placeholder.id(key)
        operation.body["SyncToken"] = Placeholder.syncToken(key)
        operation.body["sparse"] = true
        return operation
    }

    /// The class key for a location, planning the class when QuickBooks does not have it yet.
    func classKey(locationID: Int, for ref: String) throws -> String {
        let key = "class location:\(locationID)"
        guard required[key] == nil, try object(key) == nil else { return key }
        guard let location = locations[locationID], let name = location["name"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) names location \(locationID), which the OMS does not have. Correct the record in the OMS, then 'qbsync retry \(ref)'.")
        }
        let className = QBONames.candidate(name, attempt: 0)
        required[key] = PlannedOperation(
            key: key, ref: "location:\(locationID)", entity: "Class", operation: "create", body: ["Name": .string(className)],
            wave: .setup, lookup: Lookup(entity: "Class", field: "Name", value: className), adoptExisting: true)
        return key
    }

    /// The payment-method key for an OMS payment method, planning it when QuickBooks lacks it.
    func paymentMethodKey(methodID: Int, for ref: String) throws -> String {
        let key = "paymentmethod method:\(methodID)"
        guard required[key] == nil, try object(key) == nil else { return key }
        guard let method = paymentMethods[methodID], let name = method["name"]?.stringValue else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) names payment method \(methodID), which the OMS does not have. Correct the record in the OMS, then 'qbsync retry \(ref)'.")
        }
        let methodName = QBONames.candidate(name, attempt: 0, limit: 31)
        let type: JSONValue = method["kind"]?.stringValue == "card" ? "CREDIT_CARD" : "NON_CREDIT_CARD"
        required[key] = PlannedOperation(
            key: key, ref: "shared", entity: "PaymentMethod", operation: "create",
            body: ["Name": .string(methodName), "Type": type], wave: .setup,
            lookup: Lookup(entity: "PaymentMethod", field: "Name", value: methodName), adoptExisting: true)
        return key
    }

    /// The deposit account name for a payment at `locationID` by `methodID`.
    func depositAccount(locationID: Int, methodID: Int) -> String {
        settings.mapping.depositAccount(
            location: locations[locationID]?["name"]?.stringValue, methodName: paymentMethods[methodID]?["name"]?.stringValue,
            methodKind: paymentMethods[methodID]?["kind"]?.stringValue)
    }

    /// The key of a generic item (`hearing_aid`, `option`, `sales_tax`, `write_off`), planning it when missing.
    func genericItemKey(_ kind: String) throws -> String {
        let key = "item generic:\(kind)"
        guard required[key] == nil, try object(key) == nil else { return key }
        let mapping = settings.mapping
        let name: String
        let account: String
        switch kind {
        case "hearing_aid": (name, account) = (mapping.genericHearingAidName, mapping.incomeAccounts["hearing_aid"]!)
        case "option": (name, account) = (mapping.genericOptionName, mapping.incomeAccounts["option"]!)
        case "write_off": (name, account) = (mapping.writeOffItemName, mapping.incomeAccounts["write_off"]!)
        case "credit_refund":
            (name, account) = (mapping.refundItemName, mapping.refundClearingAccount)
            try requireAccount(mapping.refundClearingAccount, type: "Other Current Liability")
        default:
            (name, account) = (mapping.taxItemName, mapping.taxAccount)
            try requireAccount(mapping.taxAccount, type: mapping.taxAccountType)
        }
        let itemName = QBONames.candidate(name, attempt: 0)
        required[key] = PlannedOperation(
            key: key, ref: "shared", entity: "Item", operation: "create",
            body: ["Name": .string(itemName), "Type": "Service", "IncomeAccountRef": ["value": Placeholder.account(account)]],
            wave: .names, lookup: Lookup(entity: "Item", field: "Name", value: itemName), adoptExisting: true)
        return key
    }

    /// Plans an account qbsync needs of its own (the tax liability, the refund clearing account);
    /// adopted when the company already has one by that name.
    private func requireAccount(_ name: String, type: String) throws {
        let key = "account \(name)"
        guard required[key] == nil, try object(key) == nil, try ledger.lookup("Account", name: name) == nil else { return }
        required[key] = PlannedOperation(
            key: key, ref: "shared", entity: "Account", operation: "create",
            body: ["Name": .string(name), "AccountType": .string(type)], wave: .setup,
            lookup: Lookup(entity: "Account", field: "Name", value: name), adoptExisting: true)
    }

    /// Plans a shared operation under `name` (once: a second request is ignored).
    func require(_ operation: PlannedOperation, as name: String) {
        if required[name] == nil { required[name] = operation }
    }

    /// The QuickBooks item key for an OMS item id.
    func itemKey(itemID: Int) -> String { "item item:\(itemID)" }

    /// Whether OMS items of `kind` map to one generic QuickBooks item.
    func isGeneric(kind: String) -> Bool {
        (kind == "hearing_aid" && settings.mapping.hearingAidsGeneric) || (kind == "option" && settings.mapping.optionsGeneric)
    }
}
