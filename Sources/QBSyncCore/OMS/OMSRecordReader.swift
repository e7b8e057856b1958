import QBSyncJSON

/// Reads whole OMS records: an entity's row with the rows that belong to it (a sale's lines and
/// their third-party allocations, a payment's applications, a return's lines), as one JSON object.
/// It reads them the way the extract writes them (`RecordChunkReader`), so what the desk shows is
/// what a run's files hold.
struct OMSRecordReader {
    let oms: OMSDatabase

    /// The records of one entity kind for `ids`, keyed by id; ids with no row are absent.
    func records(entity: String, ids: [Int]) throws -> [Int: JSONValue] {
        guard OMSDatabase.tables[entity] != nil, !ids.isEmpty else { return [:] }
        let sorted = Array(Set(ids)).sorted()
        let chunk = try RecordChunkReader(oms: oms, entity: entity, ids: sorted).read(sorted)
        var byID: [Int: JSONValue] = [:]
        for (id, range) in chunk.rows {
            byID[id] = try JSONParser.parse(bytes: Array(chunk.json.bytes[range]))
        }
        return byID
    }
}
