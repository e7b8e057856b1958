import Foundation
import QBSyncJSON

/// One operation a run planned for an item, with every attempt to send it: the body as sent
/// (from `3-load/requests/`), QuickBooks's answer to it (from `3-load/responses/`) and the
/// load's result (codes, `intuit_tid`, QuickBooks id). What leaves the clinic is redacted
/// already, so it is shown whole.
public struct SentOperation: Sendable {
    /// One request that carried the operation.
    public struct Attempt: Sendable {
        /// Relative to the run folder: `3-load/requests/0003-a1.json`.
        public var requestFile: String
        /// The operation's body as sent (ids resolved).
        public var body: JSONValue
        public var responseFile: String?
        /// The answer's item for this operation's `bId` (the object, or its `Fault`).
        public var answer: JSONValue?
    }

    /// The run, the ledger key of the QuickBooks object (`invoice sale:3 patient`), its type and
    /// the operation (`create`, `update`, `void`, `link`...).
    public var run: String
    public var key: String
    public var entity: String
    public var operation: String
    /// `2-transform/batches/0003.json` and the operation's `bId` in it.
    public var batch: String?
    public var bId: String?
    /// The body as planned (QuickBooks ids still `@role key` placeholders).
    public var planned: JSONValue?
    public var attempts: [Attempt]
    /// The load's result for it (`3-load/results.json`), once loaded.
    public var result: JSONValue?

    /// Every operation the run `runID` planned for `ref`, and the transform's failure for it.
    static func read(ref: String, runID: String, workspace: URL) -> (operations: [SentOperation], failures: [RecordFailure]) {
        let folder = RunFolder(workspace: workspace, id: runID)
        guard let plan = try? FileStore.readJSON(folder.file(.transform, "plan.json")) else { return ([], []) }
        let results = (try? FileStore.readJSON(folder.file(.load, "results.json")))?["results"]?.arrayValue ?? []
        let mine = results.filter { $0["ref"]?.stringValue == ref }
        func result(key: String, operation: String) -> JSONValue? {
            mine.last { $0["key"]?.stringValue == key && $0["operation"]?.stringValue == operation }
        }
        var operations: [SentOperation] = []
        for batch in plan["batches"]?.arrayValue ?? [] {
            guard let file = batch["file"]?.stringValue else { continue }
            let planned = (try? FileStore.readJSON(folder.file(.transform, file)))?["BatchItemRequest"]?.arrayValue ?? []
            for op in batch["operations"]?.arrayValue ?? [] where op["ref"]?.stringValue == ref {
                guard let key = op["key"]?.stringValue, let verb = op["operation"]?.stringValue, let bId = op["bId"]?.stringValue else {
                    continue
                }
                let entity = op["entity"]?.stringValue ?? ""
                operations.append(
                    SentOperation(
                        run: runID, key: key, entity: entity, operation: verb, batch: "2-transform/\(file)", bId: bId,
                        planned: planned.first { $0["bId"]?.stringValue == bId }?[entity],
                        attempts: attempts(folder: folder, batchFile: file, bId: bId, entity: entity),
                        result: result(key: key, operation: verb)))
            }
        }
        for link in plan["links"]?.arrayValue ?? [] where link["ref"]?.stringValue == ref {
            guard let key = link["key"]?.stringValue else { continue }
            operations.append(
                SentOperation(
                    run: runID, key: key, entity: link["entity"]?.stringValue ?? "", operation: "link", batch: nil, bId: nil,
                    planned: link["target"].map { ["target": $0] }, attempts: [], result: result(key: key, operation: "link")))
        }
        let failures = (plan["failures"]?.arrayValue ?? []).compactMap { json -> RecordFailure? in
            guard json["ref"]?.stringValue == ref, let code = json["code"]?.stringValue, let message = json["message"]?.stringValue
            else { return nil }
            return RecordFailure(ref: ref, code: code, message: message)
        }
        return (operations, failures)
    }

    /// The requests (`<batch>-a1.json`, `-a2`...) that carried `bId`, with the answers.
    private static func attempts(folder: RunFolder, batchFile: String, bId: String, entity: String) -> [Attempt] {
        let stem = URL(fileURLWithPath: batchFile).deletingPathExtension().lastPathComponent
        let requests = folder.folder(.load).appendingPathComponent("requests")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: requests.path)) ?? [])
            .filter { $0.hasPrefix(stem + "-a") && $0.hasSuffix(".json") }
            .sorted { attemptNumber($0) < attemptNumber($1) }
        return names.compactMap { name in
            guard let request = try? FileStore.readJSON(requests.appendingPathComponent(name)),
                let item = request["BatchItemRequest"]?.arrayValue?.first(where: { $0["bId"]?.stringValue == bId })
            else { return nil }
            let responseURL = folder.folder(.load).appendingPathComponent("responses").appendingPathComponent(name)
            let response = try? FileStore.readJSON(responseURL)
            let answer = response?["BatchItemResponse"]?.arrayValue?.first { $0["bId"]?.stringValue == bId }
            return Attempt(
                requestFile: "3-load/requests/\(name)", body: item[entity] ?? item, responseFile: response == nil ? nil : "3-load/responses/\(name)",
                answer: answer ?? response?["Fault"].map { ["Fault": $0] })
        }
    }

    private static func attemptNumber(_ name: String) -> Int {
        Int(name.split(separator: "-").last?.dropFirst().split(separator: ".").first ?? "") ?? 0
    }
}
