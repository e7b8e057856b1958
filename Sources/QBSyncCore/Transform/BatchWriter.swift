import Foundation
import QBSyncJSON

/// Writes the batch files (`batches/0001.json`, each a QuickBooks batch request body of at most
/// `batchSize` operations, one wave per file) and `plan.json`.
struct BatchWriter {
    let folder: RunFolder
    let batchSize: Int

    func write(
        _ operations: [PlannedOperation], failures: [RecordFailure], unchanged: [String], refs: [String], runID: String
    ) throws -> TransformPlan {
        var batches: [TransformPlan.Batch] = []
        let requests = operations.filter { $0.operation != "link" }
        for wave in Wave.allCases {
            let inWave = requests.filter { $0.wave == wave }
            for start in stride(from: 0, to: inWave.count, by: batchSize) {
                let chunk = Array(inWave[start..<min(start + batchSize, inWave.count)])
                let file = "batches/" + String(format: "%04d", batches.count + 1) + ".json"
                let numbered = chunk.enumerated().map { (bId: "b\($0.offset + 1)", operation: $0.element) }
                let body: JSONValue = [
                    "BatchItemRequest": .array(
                        numbered.map { entry in
                            [
                                "bId": .string(entry.bId), "operation": .string(entry.operation.operation),
                                entry.operation.entity: entry.operation.body,
                            ]
                        })
                ]
                try FileStore.writeJSON(body, to: folder.file(.transform, file))
                batches.append(TransformPlan.Batch(file: file, wave: wave, operations: numbered))
            }
        }
        let plan = TransformPlan(
            run: runID, batches: batches, links: operations.filter { $0.operation == "link" }, failures: failures,
            unchanged: unchanged, refs: refs)
        try FileStore.writeJSON(plan.json, to: folder.file(.transform, "plan.json"))
        return plan
    }
}
