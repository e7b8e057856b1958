/// The shared objects a run's documents refer to (accounts qbsync needs, classes, payment
/// methods, generic items) and the reactivations of inactive customers: planned once each, from
/// the first record that asks, though emitted last in their waves. The transform asks it which
/// shared objects QuickBooks or the run already has, and hands it what each mapper noted.
final class SharedObjects {
    let ledger: Ledger
    let reference: ReferenceData
    /// False before the first load: nothing of this clinic's is in QuickBooks, nothing to ask.
    let ledgerHoldsObjects: Bool

    /// The planned changes by name (an object key, or `reactivate customer patient:5`).
    private(set) var required: [String: PlannedChange] = [:]
    private var objectCache: [String: QBOObject?] = [:]
    /// Shared objects the run plans or QuickBooks was found to hold: what `known` has said yes to.
    private(set) var knownKeys: Set<ObjectKey> = []
    /// Customers this run posts in its names wave (an upsert leaves them active), and those it
    /// reactivates for its documents: each is made active once per run.
    private var activeInRun: Set<ObjectKey> = []

    init(ledger: Ledger, reference: ReferenceData) throws {
        self.ledger = ledger
        self.reference = reference
        ledgerHoldsObjects = try ledger.holdsQBOObjects()
    }

    private var rules: EditionRules { reference.rules }

    /// What QuickBooks holds under `key`, per the ledger.
    func object(_ key: String) throws -> QBOObject? {
        guard ledgerHoldsObjects else { return nil }
        if let cached = objectCache[key] { return cached }
        let object = try ledger.qboObject(key)
        // Shared objects are asked for again and again, customers once or twice. Bounded, so a
        // million records do not all stay in memory.
        if objectCache.count >= 4096 { objectCache.removeAll(keepingCapacity: true) }
        objectCache[key] = object
        return object
    }

    /// Whether the run plans the shared object under `key` or QuickBooks holds it.
    func known(_ key: ObjectKey) throws -> Bool {
        if knownKeys.contains(key) { return true }
        guard try required[key.description] != nil || object(key.description) != nil else { return false }
        knownKeys.insert(key)
        return true
    }

    /// What QuickBooks holds of `ref`'s own objects, for its mapper.
    func holdings(of ref: OMSRef) throws -> Holdings {
        guard ledgerHoldsObjects else { return .none }
        return Holdings(
            try ledger.qboObjects(ref: ref.description).compactMap { object in
                ObjectKey(parsing: object.key).map { Holdings.Held(key: $0, active: object.active, fingerprint: object.fingerprint) }
            })
    }

    /// Plans what a mapper noted it needs, each once.
    func plan(_ needs: [SharedNeed]) throws {
        for need in needs where try !known(need.key) {
            switch need {
            case .locationClass(let id):
                guard let name = reference.locations[id]?["name"]?.stringValue else { continue }
                let className = rules.nameCandidate(name, attempt: 0, limit: rules.itemNameLength)
                require(
                    PlannedChange(
                        key: need.key, ref: "location:\(id)", operation: .create, change: .class(name: className), wave: .setup,
                        identifiedBy: className, adoptExisting: true))
            case .paymentMethod(let id):
                guard let method = reference.paymentMethods[id], let name = method["name"]?.stringValue else { continue }
                let methodName = rules.nameCandidate(name, attempt: 0, limit: rules.maxPaymentMethodNameLength)
                require(
                    PlannedChange(
                        key: need.key, ref: "shared", operation: .create,
                        change: .paymentMethod(name: methodName, kind: method["kind"]?.stringValue ?? "other"), wave: .setup,
                        identifiedBy: methodName, adoptExisting: true))
            case .genericItem(let kind):
                try planGenericItem(kind, key: need.key)
            }
        }
    }

    private func planGenericItem(_ kind: String, key: ObjectKey) throws {
        let mapping = reference.settings.mapping
        let name: String
        let account: String
        switch kind {
        case "hearing_aid": (name, account) = (mapping.genericHearingAidName, mapping.incomeAccounts["hearing_aid"]!)
        case "option": (name, account) = (mapping.genericOptionName, mapping.incomeAccounts["option"]!)
        case "write_off": (name, account) = (mapping.writeOffItemName, mapping.incomeAccounts["write_off"]!)
        case OpeningBalancePlan.itemKind: (name, account) = (mapping.openingBalanceItemName, mapping.openingBalanceAccount)
        case "credit_refund":
            (name, account) = (mapping.refundItemName, mapping.refundClearingAccount)
            try requireAccount(mapping.refundClearingAccount, type: "Other Current Liability")
        default:
            (name, account) = (mapping.taxItemName, mapping.taxAccount)
            try requireAccount(mapping.taxAccount, type: mapping.taxAccountType)
        }
        let itemName = rules.nameCandidate(name, attempt: 0, limit: rules.itemNameLength)
        require(
            PlannedChange(
                key: key, ref: "shared", operation: .create, change: .item(ItemChange(name: itemName, type: "Service", incomeAccount: account)),
                wave: .names, identifiedBy: itemName, adoptExisting: true))
    }

    /// Plans an account qbsync needs of its own (the tax liability, the refund clearing account);
    /// adopted when the company already has one by that name.
    private func requireAccount(_ name: String, type: String) throws {
        let key = ObjectKey.account(name)
        guard required[key.description] == nil, try object(key.description) == nil, try ledger.lookup("Account", name: name) == nil else { return }
        require(
            PlannedChange(
                key: key, ref: "shared", operation: .create, change: .account(name: name, type: type), wave: .setup, identifiedBy: name,
                adoptExisting: true))
    }

    /// Plans a shared change under `name` (once: a second request is ignored).
    private func require(_ change: PlannedChange, as name: String? = nil) {
        let name = name ?? change.key.description
        if required[name] == nil { required[name] = change }
        if name == change.key.description { knownKeys.insert(change.key) }
    }

    /// Records that the run posts the customers among `changes` in its names wave (active).
    func notePosted(_ changes: [PlannedChange]) {
        for change in changes where change.key.kind == .customer && (change.operation == .create || change.operation == .update) {
            activeInRun.insert(change.key)
        }
        for change in changes { if case .activeFlag(true) = change.change { activeInRun.insert(change.key) } }
    }

    /// For the customers `changes` post documents for: plans, once per customer and run, the
    /// reactivation and the deactivation after the documents of one QuickBooks holds inactive
    /// and the run does not post. Returns the OMS refs (`patient:12`) of those it planned.
    ///
    /// QuickBooks refuses a document for an inactive customer, yet the OMS keeps an inactive or
    /// deceased patient's documents (and an inactive payer's): the customer is made active in the
    /// names wave, before the documents, and inactive again in the last wave, after them.
    func keepActive(for changes: [PlannedChange]) throws -> [String] {
        // Before the first load no customer is known inactive: a first sync of a million
        // records need not walk every document's references for one.
        guard ledgerHoldsObjects else { return [] }
        var planned: [String] = []
        for change in changes where change.key.kind != .customer {
            for key in change.references where key.kind == .customer && !activeInRun.contains(key) {
                guard let existing = try object(key.description), !existing.active else { continue }
                activeInRun.insert(key)
                require(.activeFlag(true, key: key, ref: key.reference), as: "reactivate \(key)")
                require(.activeFlag(false, key: key, ref: key.reference), as: "deactivate \(key)")
                planned.append(key.reference)
            }
        }
        return planned
    }
}
