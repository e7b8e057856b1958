import Foundation
import QBSyncJSON

/// `2-transform/redaction.json`: per PHI column, how many values the run held and what became of
/// them (dropped, or replaced by a derived value such as the pseudonym), so a privacy officer
/// can see what left the clinic without reading a batch file.
struct RedactionReport {
    /// Non-empty values held, by `entity.column` (`sale_line.serial_number`).
    private var held: [String: Int] = [:]
    private var pseudonyms = 0

    /// Counts one extract record's PHI values.
    mutating func add(_ record: ExtractedRecord) {
        let lineEntity = record.ref.entity == "sale" ? "sale_line" : record.ref.entity == "return" ? "return_line" : nil
        count(record.row, entity: record.ref.entity)
        if let lineEntity {
            for line in record.row["lines"]?.arrayValue ?? [] { count(line, entity: lineEntity) }
        }
    }

    /// Takes in what `other` counted (a file's records, counted where they were read).
    mutating func add(_ other: RedactionReport) {
        held.merge(other.held, uniquingKeysWith: +)
        pseudonyms += other.pseudonyms
    }

    private mutating func count(_ row: JSONValue, entity: String) {
        for column in LeakCheck.phiColumns[entity] ?? [] where !(row[column]?.stringValue ?? "").isEmpty {
            held["\(entity).\(column)", default: 0] += 1
        }
    }

    /// Counts one outgoing operation (a patient's customer sent under its pseudonym).
    mutating func add(_ operation: PlannedOperation) {
        if operation.entity == "Customer", operation.ref.hasPrefix("patient:"), EditionReader.read(operation)?.name != nil { pseudonyms += 1 }
    }

    func write(settings: PipelineSettings, to url: URL) throws {
        var columns: [String: JSONValue] = [:]
        for (entity, phi) in LeakCheck.phiColumns {
            for column in phi {
                guard let count = held["\(entity).\(column)"], count > 0 else { continue }
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
                columns["\(entity).\(column)"] = ["values": .int(count), "fate": .string(fate)]
            }
        }
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
