import Foundation
import QBSyncJSON

/// `2-transform/redaction.json`: per PHI column, how many values the run held and what became of
/// them (dropped, or replaced by a derived value such as the pseudonym), so a privacy officer
/// can see what left the clinic without reading a batch file.
enum RedactionReport {
    static func write(records: [ExtractedRecord], operations: [PlannedOperation], settings: PipelineSettings, to url: URL) throws {
        var columns: [String: JSONValue] = [:]
        for (entity, phi) in LeakCheck.phiColumns {
            for column in phi {
                let held = records.reduce(0) { count, record in
                    let rows: [JSONValue]
                    switch entity {
                    case "sale_line": rows = record.ref.entity == "sale" ? record.row["lines"]?.arrayValue ?? [] : []
                    case "return_line": rows = record.ref.entity == "return" ? record.row["lines"]?.arrayValue ?? [] : []
                    default: rows = record.ref.entity == entity ? [record.row] : []
                    }
                    return count + rows.filter { ($0[column]?.stringValue ?? "").isEmpty == false }.count
                }
                guard held > 0 else { continue }
                let fate: String
                if !settings.redaction.enabled, entity == "patient",
                    ["first_name", "middle_name", "last_name", "address1", "address2", "city", "postal_code", "home_phone", "mobile_phone", "email"]
                        .contains(column)
                {
                    fate = "sent (redaction is off)"
                } else if entity == "patient", column == "first_name" || column == "last_name" {
                    fate = settings.redaction.enabled ? "replaced by the pseudonym in DisplayName" : "sent"
                } else {
                    fate = "dropped"
                }
                columns["\(entity).\(column)"] = ["values": .int(held), "fate": .string(fate)]
            }
        }
        let pseudonyms = operations.filter { $0.entity == "Customer" && $0.ref.hasPrefix("patient:") && $0.body["DisplayName"] != nil }.count
        let report: JSONValue = [
            "redaction": .bool(settings.redaction.enabled),
            "disabled_by": settings.redaction.disabledBy.map(JSONValue.string) ?? .null,
            "columns": .object(columns),
            "patient_customers_sent": .int(pseudonyms),
            "leak_check": .string(settings.redaction.enabled ? "passed" : "not run: redaction is off"),
            "patient_fields_allowed": .object(settings.redaction.patientFields.mapValues { .string("from the OMS column \($0)") }),
        ]
        try FileStore.writeJSON(report, to: url)
    }
}
