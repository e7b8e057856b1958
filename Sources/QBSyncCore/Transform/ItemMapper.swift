import QBSyncJSON

/// OMS items -> items. By default every hearing aid maps to one generic item and every option to
/// another (thousands of models would swamp the item list): such an item is linked to the generic
/// item's id. Every other item is its own item, renamed and repriced as the OMS changes it, made
/// inactive when the OMS deactivates it.
struct ItemMapper {
    /// An item of its own asks for its unique name.
    static func claims(_ record: ExtractedRecord, reference: ReferenceData) -> [ClaimRequest] {
        guard let row = try? RowReader(ref: record.ref.description, row: record.row), let kind = try? row.string("kind"),
            PipelineSettings.itemKinds.contains(kind), !reference.isGeneric(kind: kind), let name = try? row.string("name")
        else { return [] }
        return [.name(namespace: .item, key: .item(record.ref.id), source: name)]
    }

    static func item(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        let row = try RowReader(ref: ref, row: record.row)
        let kind = try row.string("kind")
        guard PipelineSettings.itemKinds.contains(kind) else { throw row.bad("kind", "is not a known item kind") }
        let key = ObjectKey.item(record.ref.id)
        if inputs.reference.isGeneric(kind: kind) {
            let generic = try inputs.genericItemKey(kind, needs: &needs)
            return [PlannedChange(key: key, ref: ref, operation: .link, change: .link(target: generic), wave: .names)]
        }
        _ = try row.string("name")
        var item = ItemChange(
            name: try inputs.claims.name(key), type: inputs.settings.mapping.itemType, incomeAccount: inputs.settings.mapping.incomeAccounts[kind]!)
        item.unitPriceCents = try row.int("unit_price_cents")
        item.active = row.optionalInt("active") != 0
        item.taxable = row.optionalInt("taxable") != 0
        item.sku = row.optionalString("sku")
        let change = PlannedChange(key: key, ref: ref, operation: .create, change: .item(item), wave: .names, identifiedBy: item.name)
        return inputs.upsert(change).map { [$0] } ?? []
    }
}
