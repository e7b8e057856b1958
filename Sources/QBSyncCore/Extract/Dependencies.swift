import QBSyncJSON

/// What one OMS record refers to. A sale needs its patient, its items and its third-party
/// payers in QuickBooks first; a payment the sales it pays; a return its sale; a refund its
/// return; a write-off its sale. Pure: reads only the record. The columns come from
/// `OMSRecordShape`, which the extract also follows when it reads rows straight from the OMS.
enum Dependencies {
    /// The records `row` (of `entity`) refers to, in a stable order: the record's own columns
    /// first, then each nested row's, in the record's order.
    static func of(entity: String, row: JSONValue) -> [OMSRef] {
        guard let shape = OMSRecordShape.entities[entity] else { return [] }
        var refs: [OMSRef] = []
        collect(row, shape: shape, into: &refs)
        return refs
    }

    private static func collect(_ row: JSONValue, shape: OMSRecordShape, into refs: inout [OMSRef]) {
        for reference in shape.references {
            if let id = row[reference.column]?.intValue, !refs.contains(OMSRef(reference.entity, id)) {
                refs.append(OMSRef(reference.entity, id))
            }
        }
        // Each nested row is taken whole before the next one: a sale's line, then that line's
        // allocations, then the next line.
        for nested in shape.nested {
            for child in row[nested.key]?.arrayValue ?? [] { collect(child, shape: nested.shape, into: &refs) }
        }
    }

    /// Entities whose rows other records need for their mapping even when already in QuickBooks
    /// (an item's kind decides the QuickBooks item; a sale's lines back a return's credit memo).
    static let contextEntities: Set<String> = ["item", "sale", "return"]
}
