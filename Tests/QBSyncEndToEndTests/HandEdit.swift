import Foundation
import QBSyncCore
import QBSyncJSON

/// Hand edits of batch files, made the way an accountant makes them: open the file, change one
/// value, save.
struct HandEdit {
    var file: String
    var bId: String
    var ref: String
    var docNumber: String
    var newClassKey: String
    var newClassName: String

    /// Moves the first line of the first invoice to the class of another location this run
    /// creates, and saves the batch file.
    static func moveFirstLineToAnotherClass(_ harness: PipelineHarness) throws -> HandEdit {
        let plan = try FileStore.readJSON(harness.runFile("2-transform/plan.json"))
        var classKeys: [String: String] = [:]
        for batch in plan["batches"]?.arrayValue ?? [] {
            let file = batch["file"]!.stringValue!
            let body = try FileStore.readJSON(harness.runFile("2-transform/\(file)"))
            for operation in batch["operations"]?.arrayValue ?? [] where operation["entity"]?.stringValue == "Class" {
                let item = body["BatchItemRequest"]!.arrayValue!.first { $0["bId"] == operation["bId"] }
                classKeys[operation["key"]!.stringValue!] = item?["Class"]?["Name"]?.stringValue
            }
        }
        for (file, bId, invoice) in try harness.batchDocuments() {
            let current = invoice["Line"]?.arrayValue?.first?["SalesItemLineDetail"]?["ClassRef"]?["value"]?.stringValue ?? ""
            guard let other = classKeys.keys.sorted().first(where: { "@" + $0 != current }) else { continue }
            let path = "2-transform/\(file)"
            var body = try FileStore.readJSON(harness.runFile(path))
            body["BatchItemRequest"] = .array(
                body["BatchItemRequest"]!.arrayValue!.map { item in
                    guard item["bId"]?.stringValue == bId else { return item }
                    var item = item
                    item["Invoice"] = setFirstLineClass(item["Invoice"]!, to: "@" + other)
                    return item
                })
            try FileStore.writeJSON(body, to: harness.runFile(path))
            let ref = String(invoice["PrivateNote"]!.stringValue!.dropFirst("qbsync ".count))
            return HandEdit(
                file: file, bId: bId, ref: ref, docNumber: invoice["DocNumber"]!.stringValue!, newClassKey: other,
                newClassName: classKeys[other] ?? "")
        }
        throw CSVReader.Malformed(description: "no invoice whose class could move: the run has one location only")
    }

    private static func setFirstLineClass(_ invoice: JSONValue, to value: String) -> JSONValue {
        var invoice = invoice
        var lines = invoice["Line"]!.arrayValue!
        lines[0]["SalesItemLineDetail"]?["ClassRef"] = ["value": .string(value)]
        invoice["Line"] = .array(lines)
        return invoice
    }
}
