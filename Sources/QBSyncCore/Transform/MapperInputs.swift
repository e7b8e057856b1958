import QBSyncJSON

/// A shared object a record's documents refer to (a location's class, a payment method, a
/// generic item): the transform plans each once, however many records ask.
enum SharedNeed: Hashable, Sendable {
    case locationClass(Int)
    case paymentMethod(Int)
    case genericItem(String)

    var key: ObjectKey {
        switch self {
        case .locationClass(let id): .locationClass(id)
        case .paymentMethod(let id): .paymentMethod(id)
        case .genericItem(let kind): .genericItem(kind)
        }
    }
}

/// Everything a mapper is handed for one record besides the record: the reference data, what
/// QuickBooks holds of the record's objects, the names and numbers claimed for it, which
/// shared objects QuickBooks or the run already has, and the edition's fingerprint. A mapper
/// returns its changes and notes the shared objects it needs in `needs` (kept when it throws:
/// what it asked for before failing is planned all the same).
struct MapperInputs {
    let reference: ReferenceData
    let holdings: Holdings
    let claims: Claims
    /// Whether QuickBooks or the run already has the shared object under the key.
    var sharedKnown: (ObjectKey) throws -> Bool
    let fingerprint: (PlannedChange) -> String
    /// Pre-cutover sale invoices -> the customer's opening-balance invoice they went into
    /// (`[sync] opening_balances`); empty otherwise.
    var openingInvoices: [ObjectKey: ObjectKey] = [:]

    var settings: PipelineSettings { reference.settings }
    var rules: EditionRules { reference.rules }

    func upsert(_ change: PlannedChange) -> PlannedChange? { holdings.upsert(change, fingerprint: fingerprint) }

    /// The class key for a location; fails the record when the OMS lacks the location and
    /// neither QuickBooks nor the run has its class.
    func classKey(locationID: Int, for ref: String, needs: inout [SharedNeed]) throws -> ObjectKey {
        let key = ObjectKey.locationClass(locationID)
        guard try !sharedKnown(key) else { return key }
        guard reference.locations[locationID]?["name"]?.stringValue != nil else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) names location \(locationID), which the OMS does not have. Correct the record in the OMS, then 'qbsync retry \(ref)'.")
        }
        needs.append(.locationClass(locationID))
        return key
    }

    /// The payment-method key for an OMS payment method, failing the record as `classKey` does.
    func paymentMethodKey(methodID: Int, for ref: String, needs: inout [SharedNeed]) throws -> ObjectKey {
        let key = ObjectKey.paymentMethod(methodID)
        guard try !sharedKnown(key) else { return key }
        guard reference.paymentMethods[methodID]?["name"]?.stringValue != nil else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "\(ref) names payment method \(methodID), which the OMS does not have. Correct the record in the OMS, then 'qbsync retry \(ref)'.")
        }
        needs.append(.paymentMethod(methodID))
        return key
    }

    /// The invoice a payment, return or write-off of `sale` (billed to `role`) settles: the
    /// sale's own, or, for a sale before the cutover whose balance opened the books, its
    /// customer's opening-balance invoice.
    func saleInvoice(_ sale: OMSRef, _ role: ObjectKey.Role) -> ObjectKey {
        let own = ObjectKey.invoice(sale, role)
        return openingInvoices[own] ?? own
    }

    /// The key of a generic item (`hearing_aid`, `option`, `sales_tax`, `write_off`, `credit_refund`).
    func genericItemKey(_ kind: String, needs: inout [SharedNeed]) throws -> ObjectKey {
        let key = ObjectKey.genericItem(kind)
        if try !sharedKnown(key) { needs.append(.genericItem(kind)) }
        return key
    }

    /// The item key a sold or returned OMS item posts on: its own, or its kind's generic item.
    func itemKey(itemID: Int, kind: String, needs: inout [SharedNeed]) throws -> ObjectKey {
        try reference.isGeneric(kind: kind) ? genericItemKey(kind, needs: &needs) : .item(itemID)
    }
}
