import QBSyncJSON

/// OMS items -> QuickBooks items. By default every hearing aid maps to one generic item and every
/// option to another (thousands of models would swamp the item list): such an item is linked to
/// the generic item's id. Every other item is its own QuickBooks item, renamed and repriced as
/// the OMS changes it, made inactive when the OMS deactivates it.
struct ItemMapper {
    let context: MappingContext

    func item(_ record: ExtractedRecord) throws -> [PlannedOperation] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let kind = try row.string("kind")
        guard PipelineSettings.itemKinds.contains(kind) else { throw row.bad("kind", "is not a known item kind") }
        let key = context.itemKey(itemID: record.ref.id)
        if context.isGeneric(kind: kind) {
            let generic = try context.genericItemKey(kind)
            return [
                PlannedOperation(
                    key: key, ref: ref, entity: "Item", operation: "link", body: .object([:]), wave: .names, lookup: nil,
                    target: generic)
            ]
        }
        let name = try row.string("name")
        let unique = try context.ledger.uniqueName(namespace: "item", key: key, source: name) {
            QBONames.candidate(name, attempt: $0)
        }
        var body: JSONValue = [
            "Name": .string(unique),
            "UnitPrice": .cents(try row.int("unit_price_cents")),
            "Active": .bool(row.optionalInt("active") != 0),
            "IncomeAccountRef": ["value": Placeholder.account(context.settings.mapping.incomeAccounts[kind]!)],
            "Taxable": .bool(row.optionalInt("taxable") != 0),
            "Type": .string(context.settings.mapping.itemType),
        ]
        if let sku = row.optionalString("sku") { body["Sku"] = .string(String(QBONames.clean(sku).prefix(100))) }
        guard
            var operation = try context.upsert(
                key: key, ref: ref, entity: "Item", body: body, wave: .names,
                lookup: Lookup(entity: "Item", field: "Name", value: unique))
        else { return [] }
        if operation.operation == "update" { operation.body["Type"] = nil }  // QuickBooks never changes an item's type
        return [operation]
    }
}
