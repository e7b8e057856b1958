import Foundation
import QBSyncJSON

@testable import QBSyncCore

/// The extract's selection as it was before it streamed: every record of the window in memory,
/// dependencies pulled in round by round to a fixed point, rows read with plain queries. Kept
/// as the yardstick the streaming extract must agree with, record for record.
struct InMemorySelection {
    var records: [ExtractedRecord]
    var patientsLeftOut: Int
    var held: [String]

    init(oms: OMSDatabase, ledger: Ledger, window: (from: Int, to: Int), requested: [OMSRef: ExtractReason], allPatientFiles: Bool) throws {
        let changes = try oms.changes(after: window.from, upTo: window.to)
        var inQuickBooks = try ledger.refsInQuickBooks(among: changes.map(\.ref.description))
        let heldOut = try ledger.refs(in: [.excluded, .manual, .manualDone])
        var held: Set<String> = []
        var reasons = requested
        var ops: [OMSRef: String] = [:]
        var deferredPatients: Set<OMSRef> = []
        for change in changes {
            ops[change.ref] = change.op
            if heldOut.contains(change.ref.description) {
                held.insert(change.ref.description)
                if Dependencies.contextEntities.contains(change.ref.entity) { reasons[change.ref] = reasons[change.ref] ?? .context }
                continue
            }
            if change.ref.entity == "patient", !allPatientFiles, !inQuickBooks.contains(change.ref.description) {
                deferredPatients.insert(change.ref)
                continue
            }
            reasons[change.ref] = min(reasons[change.ref] ?? .changed, .changed)
        }
        var rows: [OMSRef: JSONValue] = [:]
        var toLoad = Set(reasons.keys)
        while !toLoad.isEmpty {
            let byEntity = Dictionary(grouping: toLoad, by: \.entity)
            toLoad = []
            for entity in byEntity.keys.sorted() {
                let ids = byEntity[entity]!.map(\.id).sorted()
                let found = try Self.records(oms: oms, entity: entity, ids: ids)
                let dependencies = found.values.flatMap { Dependencies.of(entity: entity, row: $0) }.map(\.description)
                inQuickBooks.formUnion(try ledger.refsInQuickBooks(among: Array(Set(dependencies))))
                for id in ids {
                    let ref = OMSRef(entity, id)
                    let row = found[id] ?? .null
                    rows[ref] = row
                    let isSynced = reasons[ref]?.isSynced ?? false
                    for dependency in Dependencies.of(entity: entity, row: row) where rows[dependency] == nil {
                        let needed: ExtractReason?
                        if !isSynced {
                            needed = dependency.entity == "item" ? .context : nil
                        } else if !inQuickBooks.contains(dependency.description) {
                            needed = .dependency
                        } else {
                            needed = Dependencies.contextEntities.contains(dependency.entity) ? .context : nil
                        }
                        guard var needed, reasons[dependency] == nil || needed < reasons[dependency]! else { continue }
                        if needed.isSynced, heldOut.contains(dependency.description) {
                            guard Dependencies.contextEntities.contains(dependency.entity) else { continue }
                            needed = .context
                            guard reasons[dependency] == nil else { continue }
                        }
                        reasons[dependency] = needed
                        toLoad.insert(dependency)
                    }
                }
            }
        }
        records = reasons.keys.sorted().map { ref in
            ExtractedRecord(ref: ref, reason: reasons[ref]!, op: ops[ref], row: rows[ref] ?? .null)
        }
        patientsLeftOut = deferredPatients.filter { reasons[$0] == nil }.count
        self.held = held.sorted()
    }

    /// Whole records read with one query per table, as the record reader did before it wrote
    /// bytes: the row, then its lines (with allocations), applications or return lines.
    static func records(oms: OMSDatabase, entity: String, ids: [Int]) throws -> [Int: JSONValue] {
        guard let table = OMSDatabase.tables[entity], !ids.isEmpty else { return [:] }
        var byID: [Int: JSONValue] = [:]
        for row in try oms.rows(table: table, ids: ids) {
            if let id = row["id"]?.intValue { byID[id] = row }
        }
        func attach(_ children: [JSONValue], as key: String, by parentColumn: String) {
            let grouped = Dictionary(grouping: children) { $0[parentColumn]?.intValue ?? -1 }
            for id in byID.keys { byID[id]?[key] = .array(grouped[id] ?? []) }
        }
        switch entity {
        case "sale":
            let lines = try oms.rows(table: "sale_lines", column: "sale_id", ids: Array(byID.keys), orderBy: "sale_id, line_no, id")
            let allocations = try oms.rows(
                table: "sale_allocations", column: "sale_line_id", ids: lines.compactMap { $0["id"]?.intValue },
                orderBy: "sale_line_id, payer_id")
            let allocationsByLine = Dictionary(grouping: allocations) { $0["sale_line_id"]?.intValue ?? -1 }
            attach(
                lines.map { line in
                    var line = line
                    line["allocations"] = .array(allocationsByLine[line["id"]?.intValue ?? -1] ?? [])
                    return line
                }, as: "lines", by: "sale_id")
        case "payment":
            attach(
                try oms.rows(
                    table: "payment_applications", column: "payment_id", ids: Array(byID.keys), orderBy: "payment_id, sale_id, payer_id"),
                as: "applications", by: "payment_id")
        case "return":
            attach(
                try oms.rows(table: "return_lines", column: "return_id", ids: Array(byID.keys), orderBy: "return_id, id"), as: "lines",
                by: "return_id")
        default:
            break
        }
        return byID
    }
}
