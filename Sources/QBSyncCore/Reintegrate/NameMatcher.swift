import Foundation
import QBSyncJSON

/// Recovers the name-list objects: customers through the documents made out to them (a patient
/// keeps the pseudonym QuickBooks shows), then by name what no document names (payers, and
/// patients when redaction is off), items, classes, payment methods and qbsync's own accounts by
/// the names the mappers give them.
struct NameMatcher {
    let settings: PipelineSettings
    let oms: OMSHoldings
    /// How many `name (2)`, `name (3)`... candidates a unique name may have taken.
    static let candidates = 10

    /// The rules the names were made by (`[quickbooks] edition`).
    var rules: EditionRules { .of(settings.quickbooks.edition) }

    func match(_ documents: [DocumentMatcher.Match], lists: [BooksNameList: [BooksName]], into map: inout ReintegrationMap) {
        let customers = Dictionary((lists[.customer] ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var taken: Set<String> = []
        // Customers through their documents: the most documents win; another customer named
        // for the same patient is a duplicate.
        var votes: [String: [String: Int]] = [:]
        for match in documents {
            guard let key = match.customerKey, let id = match.document.customerID else { continue }
            votes[key, default: [:]][id, default: 0] += 1
        }
        for key in votes.keys.sorted() {
            let ranked = votes[key]!.sorted { $0.value != $1.value ? $0.value > $1.value : DocumentMatcher.idOrder($0.key, $1.key) }
            guard let customer = customers[ranked[0].key] else { continue }
            if ranked.count > 1 {
                map.duplicates.append(.init(key: key, marker: "documents of one OMS customer", keptID: customer.id, otherIDs: ranked.dropFirst().map(\.key)))
            }
            taken.insert(customer.id)
            mapCustomer(customer, key: key, into: &map)
        }
        // What no document names: payers (and, without redaction, patients) by their names.
        let unclaimed = (lists[.customer] ?? []).filter { !taken.contains($0.id) }
        for (id, row) in oms.all("payer").sorted(by: { $0.key < $1.key }) where map.objects["customer payer:\(id)"] == nil {
            guard let name = row["name"]?.stringValue, let customer = named(name, in: unclaimed, except: taken) else { continue }
            taken.insert(customer.id)
            mapCustomer(customer, key: "customer payer:\(id)", into: &map)
        }
        if !settings.redaction.enabled {
            for (id, row) in oms.all("patient").sorted(by: { $0.key < $1.key }) where map.objects["customer patient:\(id)"] == nil {
                guard let customer = named(Self.fullName(row), in: unclaimed, except: taken) else { continue }
                taken.insert(customer.id)
                mapCustomer(customer, key: "customer patient:\(id)", into: &map)
            }
        } else {
            let prefix = settings.redaction.patientPrefix + " "
            map.unlinkedCustomers = unclaimed.filter { !taken.contains($0.id) && $0.name.hasPrefix(prefix) && Self.code(in: $0.name, prefix: prefix) != nil }
                .map(\.name).sorted()
        }
        matchItems(lists[.item] ?? [], into: &map)
        matchShared(lists, into: &map)
    }

    /// Maps a customer for `key`, with the name (and a patient's pseudonym) the next run reuses.
    private func mapCustomer(_ customer: BooksName, key: String, into map: inout ReintegrationMap) {
        let ref = String(key.dropFirst("customer ".count))
        map.map(QBOObject(key: key, ref: ref, qboType: "Customer", qboID: customer.id, syncToken: customer.syncToken, name: customer.name, active: customer.active))
        guard let parsed = try? OMSRef(parsing: ref), let row = oms.record(parsed) else { return }
        if parsed.entity == "patient", settings.redaction.enabled {
            let prefix = settings.redaction.patientPrefix + " "
            guard let code = Self.code(in: customer.name, prefix: prefix) else {
                map.unmatched.append(
                    .init(entity: "Customer", id: customer.id, number: nil, marker: key, reason: "its name does not hold a pseudonym (\(prefix)XXXX-XXXX): the next run renames it"))
                return
            }
            map.pseudonyms[parsed.id] = code
            map.names.append(.init(namespace: "customer", key: key, name: customer.name, source: Pseudonym.displayName(prefix: settings.redaction.patientPrefix, code: code)))
        } else {
            let source = parsed.entity == "patient" ? Self.fullName(row) : (row["name"]?.stringValue ?? "")
            let made = (0..<Self.candidates).contains { rules.nameCandidate(source, attempt: $0).lowercased() == customer.name.lowercased() }
            map.names.append(.init(namespace: "customer", key: key, name: customer.name, source: made ? source : ""))
        }
    }

    /// Items an OMS item maps to: a generic one by its configured name, the item's own by its name.
    private func matchItems(_ items: [BooksName], into map: inout ReintegrationMap) {
        let mapping = settings.mapping
        let generic = [
            "hearing_aid": mapping.genericHearingAidName, "option": mapping.genericOptionName, "write_off": mapping.writeOffItemName,
            "credit_refund": mapping.refundItemName, "sales_tax": mapping.taxItemName,
        ]
        var taken: Set<String> = []
        for (kind, name) in generic.sorted(by: { $0.key < $1.key }) {
            guard let item = named(name, in: items, except: taken, attempts: 1, limit: rules.itemNameLength) else { continue }
            taken.insert(item.id)
            map.map(QBOObject(key: "item generic:\(kind)", ref: "shared", qboType: "Item", qboID: item.id, syncToken: item.syncToken, name: item.name, active: item.active))
        }
        for (id, row) in oms.all("item").sorted(by: { $0.key < $1.key }) {
            let key = "item item:\(id)"
            let kind = row["kind"]?.stringValue ?? ""
            if (kind == "hearing_aid" && mapping.hearingAidsGeneric) || (kind == "option" && mapping.optionsGeneric) {
                guard let target = map.objects["item generic:\(kind)"] else { continue }
                map.map(QBOObject(key: key, ref: "item:\(id)", qboType: "Item", qboID: target.qboID, name: target.name))
                continue
            }
            guard let name = row["name"]?.stringValue, let item = named(name, in: items, except: taken, limit: rules.itemNameLength) else { continue }
            taken.insert(item.id)
            map.map(QBOObject(key: key, ref: "item:\(id)", qboType: "Item", qboID: item.id, syncToken: item.syncToken, name: item.name, active: item.active))
            map.names.append(.init(namespace: "item", key: key, name: item.name, source: name))
        }
    }

    /// Classes by location name, payment methods by name, and the accounts qbsync creates.
    private func matchShared(_ lists: [BooksNameList: [BooksName]], into map: inout ReintegrationMap) {
        for (id, location) in oms.locations.sorted(by: { $0.key < $1.key }) {
            guard let name = location["name"]?.stringValue, let found = named(name, in: lists[.class] ?? [], except: [], attempts: 1, limit: rules.itemNameLength) else { continue }
            map.map(QBOObject(key: "class location:\(id)", ref: "location:\(id)", qboType: "Class", qboID: found.id, syncToken: found.syncToken, name: found.name, active: found.active))
        }
        for (id, method) in oms.paymentMethods.sorted(by: { $0.key < $1.key }) {
            guard let name = method["name"]?.stringValue,
                let found = (lists[.paymentMethod] ?? []).first(where: { $0.name.lowercased() == rules.nameCandidate(name, attempt: 0, limit: rules.maxPaymentMethodNameLength).lowercased() })
            else { continue }
            map.map(QBOObject(key: "paymentmethod method:\(id)", ref: "shared", qboType: "PaymentMethod", qboID: found.id, syncToken: found.syncToken, name: found.name, active: found.active))
        }
        for name in [settings.mapping.taxAccount, settings.mapping.refundClearingAccount] {
            guard let found = (lists[.account] ?? []).first(where: { $0.name.lowercased() == name.lowercased() }) else { continue }
            map.map(QBOObject(key: "account \(name)", ref: "shared", qboType: "Account", qboID: found.id, syncToken: found.syncToken, name: found.name, active: found.active))
        }
    }

    /// The first record whose name is one the mappers would give `source` (QuickBooks compares
    /// names without regard to case).
    func named(
        _ source: String, in records: [BooksName], except taken: Set<String>, attempts: Int = candidates, limit: Int? = nil
    ) -> BooksName? {
        for attempt in 0..<attempts {
            let candidate = rules.nameCandidate(source, attempt: attempt, limit: limit).lowercased()
            if let found = records.first(where: { !taken.contains($0.id) && $0.name.lowercased() == candidate }) { return found }
        }
        return nil
    }

    /// The pseudonym code in a display name (`Patient K7QM-2XH4`, or `Patient K7QM-2XH4 (2)`).
    static func code(in name: String, prefix: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        let code = String(name.dropFirst(prefix.count).prefix(9))
        let characters = Array(code)
        guard characters.count == 9, characters[4] == "-",
            characters.enumerated().allSatisfy({ $0.offset == 4 || Pseudonym.alphabet.contains($0.element) })
        else { return nil }
        return code
    }

    /// A patient's name as the customer mapper writes it when redaction is off.
    static func fullName(_ row: JSONValue) -> String {
        let middle = row["middle_name"]?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        return [row["first_name"]?.stringValue, middle, row["last_name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
    }
}
