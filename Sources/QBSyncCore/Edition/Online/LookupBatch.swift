import QBSyncJSON

/// QuickBooks Online's lookups: finds many objects with few queries: one `IN` query per entity and field for up
/// to 30 values, because QuickBooks meters queries and a batch of 30 documents looked up one by
/// one would cost 30 of the 500 requests a minute.
enum LookupBatch {
    /// Values per query; keeps the statement short and the answer under one page.
    static let chunk = 30

    /// The objects found for each lookup, by `key(_:)`; a lookup that found nothing has an empty list.
    static func find(_ lookups: [Lookup], api: QuickBooksAPI) async throws -> [String: [JSONValue]] {
        var found: [String: [JSONValue]] = [:]
        var groups: [String: [Lookup]] = [:]
        var order: [String] = []
        for lookup in lookups where found[key(lookup)] == nil {
            found[key(lookup)] = []
            let group = lookup.entity + " " + lookup.field
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(lookup)
        }
        for group in order {
            let members = groups[group]!
            for start in stride(from: 0, to: members.count, by: chunk) {
                let slice = Array(members[start..<min(start + chunk, members.count)])
                let entity = slice[0].entity
                let field = slice[0].field
                for object in try await api.query(statement(entity: entity, field: field, values: slice.map(\.value))) {
                    // QuickBooks compares names without regard to case.
                    guard let value = object[field]?.stringValue ?? object[field]?.numberLiteral,
                        let match = slice.first(where: { $0.value.lowercased() == value.lowercased() })
                    else { continue }
                    found[key(match), default: []].append(object)
                }
            }
        }
        return found
    }

    /// The key of a lookup in `find`'s answer (`Lookup.foundKey`, as for every edition).
    static func key(_ lookup: Lookup) -> String { lookup.foundKey }

    /// Lists whose records can be made inactive: QuickBooks's queries leave inactive ones out
    /// unless asked, yet an inactive record still holds its name (a create would clash, 6240).
    static let nameLists: Set<String> = [
        "Account", "Class", "Customer", "Department", "Employee", "Item", "PaymentMethod", "Term", "Vendor",
    ]

    /// `select * from Invoice where DocNumber in ('a', 'b') maxresults 1000`, each value escaped;
    /// for a name list, inactive records too.
    static func statement(entity: String, field: String, values: [String]) -> String {
        let list = values.map { "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
        let match = list.count == 1 ? "\(field) = \(list[0])" : "\(field) in (\(list.joined(separator: ", ")))"
        let active = nameLists.contains(entity) ? " and Active in (true, false)" : ""
        return "select * from \(entity) where \(match)\(active) maxresults 1000"
    }
}
