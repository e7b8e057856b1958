/// Which mapper a record goes to: exhaustive over the OMS entities, so a new entity is a change
/// the compiler walks through.
extension Transformer {
    /// What `record` asks the transform to claim before it is mapped.
    static func claimRequests(_ record: ExtractedRecord, reference: ReferenceData) -> [ClaimRequest] {
        guard let entity = OMSEntity(rawValue: record.ref.entity) else { return [] }
        switch entity {
        case .patient, .payer: return CustomerMapper.claims(record, reference: reference)
        case .item: return ItemMapper.claims(record, reference: reference)
        case .sale: return InvoiceMapper.claims(record)
        case .payment: return []
        case .return, .writeOff: return CreditMemoMapper.claims(record)
        case .refund: return RefundMapper.claims(record, rules: reference.rules)
        }
    }

    /// The neutral changes for one record: a pure function of the record and `inputs`.
    static func map(_ record: ExtractedRecord, inputs: MapperInputs, needs: inout [SharedNeed]) throws -> [PlannedChange] {
        let ref = record.ref.description
        guard let entity = OMSEntity(rawValue: record.ref.entity) else {
            throw RecordFailure(ref: ref, code: "unsupported", message: "\(ref): qbsync does not know this kind of record")
        }
        switch entity {
        case .patient: return try CustomerMapper.patient(record, inputs: inputs)
        case .payer: return try CustomerMapper.payer(record, inputs: inputs)
        case .item: return try ItemMapper.item(record, inputs: inputs, needs: &needs)
        case .sale: return try InvoiceMapper.sale(record, inputs: inputs, needs: &needs)
        case .payment: return try PaymentMapper.payment(record, inputs: inputs, needs: &needs)
        case .return: return try CreditMemoMapper.return(record, inputs: inputs, needs: &needs)
        case .writeOff: return try CreditMemoMapper.writeOff(record, inputs: inputs, needs: &needs)
        case .refund: return try RefundMapper.refund(record, inputs: inputs, needs: &needs)
        }
    }
}

/// The keys a record's changes make and refer to, hashed as the transform's set of planned keys
/// holds them (`LeakCheck.RunHash` of a key's text): worked out where the record is mapped, so
/// that the transform's one thread only looks them up.
struct PlannedKeys: Sendable {
    var made: [UInt64] = []
    /// The keys the changes refer to, in order, accounts left out: the company's, and named,
    /// they are never missing.
    var referred: [(key: ObjectKey, hash: UInt64)] = []

    init() {}

    init(_ changes: [PlannedChange]) {
        made = changes.map { Self.hash($0.key) }
        referred = changes.flatMap(\.references).filter { $0.kind != .account }.map { ($0, Self.hash($0)) }
    }

    /// `RunHash.of(key.description.utf8)`, hashed a part at a time without making the text.
    static func hash(_ key: ObjectKey) -> UInt64 {
        var hash = LeakCheck.RunHash()
        hash.add(contentsOf: key.kind.keyword.utf8)
        hash.add(UInt8(ascii: " "))
        hash.add(contentsOf: key.reference.utf8)
        if let role = key.role {
            hash.add(UInt8(ascii: " "))
            hash.add(contentsOf: role.description.utf8)
        }
        return hash.value
    }
}
