import GRDB
import QBSyncJSON

/// The OMS as it stands now, for a reintegration: every record of each entity with its lines,
/// allocations and applications (read the way the extract reads them), the locations and
/// payment methods, and the change feed's end, taken first so that nothing changed while the
/// records are read is missed by the next run.
struct OMSHoldings {
    /// The highest change-feed `seq` when reading began: the cursor a rebuilt ledger takes.
    let feedEnd: Int
    /// Records by entity (`sale`, `payment`...) and id.
    let records: [String: [Int: JSONValue]]
    let locations: [Int: JSONValue]
    let paymentMethods: [Int: JSONValue]

    /// Records read per query batch: the extract's chunk, so memory per batch stays small.
    static let chunk = 1000

    init(oms: OMSDatabase) throws {
        feedEnd = try oms.maxSeq()
        let reader = OMSRecordReader(oms: oms)
        var records: [String: [Int: JSONValue]] = [:]
        for (entity, table) in OMSDatabase.tables {
            let ids = try oms.read { db in try Int.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY id") }
            var byID: [Int: JSONValue] = [:]
            for start in stride(from: 0, to: ids.count, by: Self.chunk) {
                byID.merge(try reader.records(entity: entity, ids: Array(ids[start..<min(start + Self.chunk, ids.count)]))) { a, _ in a }
            }
            records[entity] = byID
        }
        self.records = records
        func byID(_ rows: [JSONValue]) -> [Int: JSONValue] {
            Dictionary(rows.compactMap { row in row["id"]?.intValue.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        }
        locations = byID(try oms.allRows(table: "locations"))
        paymentMethods = byID(try oms.allRows(table: "payment_methods"))
    }

    /// The record `ref` names, nil when the OMS does not have it.
    func record(_ ref: OMSRef) -> JSONValue? { records[ref.entity]?[ref.id] }

    /// Every record of `entity`, by id.
    func all(_ entity: String) -> [Int: JSONValue] { records[entity] ?? [:] }

    /// The customer key (`customer patient:12`, `customer payer:3`) of the customer a document
    /// of `ref` is made out to, as the mappers choose it; nil when the record cannot say.
    func customerKey(of ref: OMSRef, payerInvoice payer: Int? = nil) -> String? {
        guard let row = record(ref) else { return nil }
        switch ref.entity {
        case "sale":
            if let payer { return "customer payer:\(payer)" }
            return row["patient_id"]?.intValue.map { "customer patient:\($0)" }
        case "payment", "refund":
            if let patient = row["patient_id"]?.intValue { return "customer patient:\(patient)" }
            return row["payer_id"]?.intValue.map { "customer payer:\($0)" }
        case "return":
            return row["sale_id"]?.intValue.flatMap { customerKey(of: OMSRef("sale", $0)) }
        case "write_off":
            if let payer = row["payer_id"]?.intValue { return "customer payer:\(payer)" }
            return row["sale_id"]?.intValue.flatMap { customerKey(of: OMSRef("sale", $0)) }
        default:
            return nil
        }
    }

    /// The refs whose change-feed rows come after `cursor`: changes a next run takes anyway.
    static func changed(after cursor: Int, oms: OMSDatabase) throws -> Set<String> {
        try oms.read { db in
            Set(
                try Row.fetchAll(db, sql: "SELECT DISTINCT entity, entity_id FROM change_log WHERE seq > ?", arguments: [cursor]).map {
                    "\($0["entity"] as String):\($0["entity_id"] as Int)"
                })
        }
    }
}
