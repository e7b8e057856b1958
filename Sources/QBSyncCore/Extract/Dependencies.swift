import QBSyncJSON

/// What one OMS record refers to. A sale needs its patient, its items and its third-party
/// payers in QuickBooks first; a payment the sales it pays; a return its sale; a refund its
/// return; a write-off its sale. Pure: reads only the record.
enum Dependencies {
    /// The records `row` (of `entity`) refers to, in a stable order.
    static func of(entity: String, row: JSONValue) -> [OMSRef] {
        var refs: [OMSRef] = []
        func add(_ entity: String, _ id: Int?) {
            if let id, !refs.contains(OMSRef(entity, id)) { refs.append(OMSRef(entity, id)) }
        }
        switch entity {
        case "sale":
            add("patient", row["patient_id"]?.intValue)
            for line in row["lines"]?.arrayValue ?? [] {
                add("item", line["item_id"]?.intValue)
                for allocation in line["allocations"]?.arrayValue ?? [] { add("payer", allocation["payer_id"]?.intValue) }
            }
        case "payment":
            add("patient", row["patient_id"]?.intValue)
            add("payer", row["payer_id"]?.intValue)
            for application in row["applications"]?.arrayValue ?? [] {
                add("sale", application["sale_id"]?.intValue)
                add("payer", application["payer_id"]?.intValue)
            }
        case "return":
            add("sale", row["sale_id"]?.intValue)
        case "refund":
            add("patient", row["patient_id"]?.intValue)
            add("payer", row["payer_id"]?.intValue)
            add("return", row["return_id"]?.intValue)
        case "write_off":
            add("sale", row["sale_id"]?.intValue)
            add("payer", row["payer_id"]?.intValue)
        default:
            break
        }
        return refs
    }

    /// Entities whose rows other records need for their mapping even when already in QuickBooks
    /// (an item's kind decides the QuickBooks item; a sale's lines back a return's credit memo).
    static let contextEntities: Set<String> = ["item", "sale", "return"]
}
