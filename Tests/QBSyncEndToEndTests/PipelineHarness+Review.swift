import Foundation
import QBSyncCore
import QBSyncJSON

/// What the review and approval tests read besides the commands: the settings and ledger as
/// qbsync sees them, and the batch files as an accountant would open them.
extension PipelineHarness {
    /// The newest run's id.
    var runID: String { latestRun.lastPathComponent }

    func settings() throws -> PipelineSettings {
        try PipelineSettings.load(path: pipelineURL.path, environment: environment)
    }

    func openLedger() throws -> Ledger {
        try Ledger(url: workspace.appendingPathComponent("ledger.sqlite"))
    }

    /// A file of the newest run, by its path inside the run folder.
    func runFile(_ path: String) -> URL { latestRun.appendingPathComponent(path) }

    func readText(_ path: String) throws -> String {
        String(decoding: try FileStore.read(runFile(path)), as: UTF8.self)
    }

    func writeText(_ text: String, to path: String) throws {
        try FileStore.writeAtomically(Array(text.utf8), to: runFile(path))
    }

    /// Every document create in the batch files, as written: file, bId, entity, body.
    func batchDocuments(entity: String = "Invoice") throws -> [(file: String, bId: String, body: JSONValue)] {
        let plan = try FileStore.readJSON(runFile("2-transform/plan.json"))
        var documents: [(String, String, JSONValue)] = []
        for batch in plan["batches"]?.arrayValue ?? [] {
            let file = batch["file"]!.stringValue!
            let body = try FileStore.readJSON(runFile("2-transform/\(file)"))
            for item in body["BatchItemRequest"]?.arrayValue ?? [] where item["operation"]?.stringValue == "create" {
                if let document = item[entity] { documents.append((file, item["bId"]!.stringValue!, document)) }
            }
        }
        return documents
    }

    /// A document body's total as the batch file says: the sum of its line amounts.
    static func linesTotal(_ body: JSONValue) -> Int {
        (body["Line"]?.arrayValue ?? []).filter { $0["DetailType"]?.stringValue == "SalesItemLineDetail" }
            .map { $0["Amount"]!.centsValue! }.reduce(0, +)
    }
}
