import QBSyncJSON

/// Reads whole OMS records: an entity's row with the rows that belong to it (a sale's lines and
/// their third-party allocations, a payment's applications, a return's lines), as one JSON object.
struct OMSRecordReader {
    let oms: OMSDatabase

    /// The records of one entity kind for `ids`, keyed by id; ids with no row are absent.
    func records(entity: String, ids: [Int]) throws -> [Int: JSONValue] {
        guard let table = OMSDatabase.tables[entity], !ids.isEmpty else { return [:] }
        var byID: [Int: JSONValue] = [:]
        for row in try oms.rows(table: table, ids: ids) {
            if let id = row["id"]?.intValue { byID[id] = row }
        }
        switch entity {
        case "sale":
            let lines = try oms.rows(table: "sale_lines", column: "sale_id", ids: Array(byID.keys), orderBy: "sale_id, line_no, id")
            let lineIDs = lines.compactMap { $0["id"]?.intValue }
            let allocations = try oms.rows(
                table: "sale_allocations", column: "sale_line_id", ids: lineIDs, orderBy: "sale_line_id, payer_id")
            let allocationsByLine = Dictionary(grouping: allocations) { $0["sale_line_id"]?.intValue ?? -1 }
            attach(
                lines.map { line in
                    var line = line
                    line["allocations"] = .array(allocationsByLine[line["id"]?.intValue ?? -1] ?? [])
                    return line
                }, as: "lines", by: "sale_id", to: &byID)
        case "payment":
            let applications = try oms.rows(
                table: "payment_applications", column: "payment_id", ids: Array(byID.keys),
                orderBy: "payment_id, sale_id, payer_id")
            attach(applications, as: "applications", by: "payment_id", to: &byID)
        case "return":
            let lines = try oms.rows(table: "return_lines", column: "return_id", ids: Array(byID.keys), orderBy: "return_id, id")
            attach(lines, as: "lines", by: "return_id", to: &byID)
        default:
            break
        }
        return byID
    }

    private func attach(_ children: [JSONValue], as key: String, by parentColumn: String, to records: inout [Int: JSONValue]) {
        let grouped = Dictionary(grouping: children) { $0[parentColumn]?.intValue ?? -1 }
        for id in records.keys {
            records[id]?[key] = .array(grouped[id] ?? [])
        }
    }
}
