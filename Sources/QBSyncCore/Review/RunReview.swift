import Foundation
import QBSyncJSON

/// A run's review at the edge: gathers what the pure `ReviewBuilder` needs from the run folder,
/// the ledger and the pipeline, and writes the review files the transform leaves beside the
/// batches (`2-transform/review.html`, `review.csv`).
public struct RunReview {
    public let folder: RunFolder
    let settings: PipelineSettings
    let ledger: Ledger

    public init(runID: String, settings: PipelineSettings, ledger: Ledger) {
        folder = RunFolder(workspace: settings.workspace, id: runID)
        self.settings = settings
        self.ledger = ledger
    }

    /// The review of the batch files as they are on disk (or of `plan`, when the transform has
    /// it in hand). With `checkEdits`, files changed since the transform or the last validation
    /// are warned about.
    public func review(plan: TransformPlan? = nil, itemKinds: [Int: String]? = nil, checkEdits: Bool = true) throws -> Review {
        if plan == nil {
            let status = try folder.manifest(pipeline: settings.name).stages[.transform]?.status
            guard status == .done || status == .stale else { throw ApprovalError.transformNotDone(folder.id) }
        }
        // Bodies are read a batch at a time: the review keeps a summary of each document only.
        let plan = try plan ?? TransformPlan(folder: folder, bodies: false)
        let kinds = try itemKinds ?? ExtractFiles.itemKinds(folder: folder)
        let folder = folder
        let loadBodies: (TransformPlan.Batch) throws -> TransformPlan.Batch = { batch in
            batch.operations.contains { $0.operation.body != .object([:]) } ? batch : try TransformPlan.withBodies(batch, folder: folder)
        }
        var review = try ReviewBuilder.review(plan: plan, inputs: try inputs(itemKinds: kinds), bodies: loadBodies)
        if checkEdits {
            let edits = try TransformFiles.unvalidatedEdits(folder, pipeline: settings.name)
            review.warnings.insert(
                contentsOf: edits.map { edit in
                    ReviewWarning(
                        code: "unvalidated-edit", ref: nil, key: nil,
                        message: "\(edit.description) since the transform (or the last validation) wrote it: check it with 'qbsync transform --validate --run \(plan.run)'; approve and load refuse it until then.")
                }, at: 0)
        }
        return review
    }

    /// What the builder reads besides the plan.
    func inputs(itemKinds kinds: [Int: String]) throws -> ReviewInputs {
        var objects: [String: QBOObject] = [:]
        for object in try ledger.allQBOObjects() { objects[object.key] = object }
        let given = try names()
        var locations: [Int: String] = [:]
        if let reference = try? FileStore.readJSON(folder.file(.extract, "reference.json")) {
            for row in reference["locations"]?.arrayValue ?? [] {
                if let id = row["id"]?.intValue, let name = row["name"]?.stringValue { locations[id] = name }
            }
        }
        var inputs = ReviewInputs(
            pipeline: settings.name, runDate: try runDate(), closingDate: settings.closingDate,
            redacted: settings.redaction.enabled, mapping: settings.mapping, objects: objects, names: given.names,
            locationNames: locations, itemKinds: kinds)
        inputs.nameSources = given.sources
        let ledger = ledger
        inputs.postedMatching = { try ledger.postedDocuments(matching: $0) }
        return inputs
    }

    /// The unique names the ledger gives customers and items, and what each was made from.
    func names() throws -> (names: [String: String], sources: [String: String]) {
        let given = try ledger.names(in: "customer").merging(try ledger.names(in: "item")) { first, _ in first }
        return (given.mapValues(\.name), given.mapValues(\.source))
    }

    /// The day the run was taken: the ledger's record of it, else the date in its id.
    func runDate() throws -> String {
        if let run = try? ledger.run(folder.id) { return String(run.createdAt.prefix(10)) }
        let stamp = folder.id.split(separator: "-").dropFirst().first.map(String.init) ?? ""
        guard stamp.count >= 8 else { return "" }
        let digits = Array(stamp.prefix(8))
        return String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
    }

    /// Writes `review.html` and `review.csv` into `2-transform/` and records the documents'
    /// fingerprints for later reviews. With redaction on, refuses (`TransformError.leak`) a
    /// review that would show a PHI value, as the transform refuses such a batch.
    /// `leakCheck` is the transform's own, when it has one in hand.
    public func writeFiles(_ review: Review, leakCheck: LeakCheck? = nil) throws {
        var shown = review
        shown.approval = "to approve after checking: qbsync approve --run \(review.run) --by NAME"
        if settings.redaction.enabled {
            let check = try leakCheck ?? LeakCheck(folder: folder)
            // The long lists an entry at a time: a first synchronization's review is too big for one tree.
            var summary = shown
            (summary.documents, summary.warnings, summary.changes, summary.byCustomer) = ([], [], [], [])
            let location = "2-transform/review"
            var findings = check.scan(summary.json, location: location)
            for document in shown.documents { findings += check.scan(document.json, location: "\(location) \(document.ref)") }
            for warning in shown.warnings { findings += check.scan(warning.json, location: location) }
            for change in shown.changes { findings += check.scan(change.json, location: "\(location) \(change.ref)") }
            for total in shown.byCustomer { findings += check.scan(total.json, location: location) }
            if !findings.isEmpty {
                try FileStore.writeJSON(
                    ["findings": .array(findings.map { ["location": .string($0.location), "source": .string($0.source)] })],
                    to: folder.file(.transform, "leak-report.json"))
                var manifest = try folder.manifest(pipeline: settings.name)
                if manifest.stages[.transform]?.status == .running {
                    manifest.stages[.transform]?.status = .failed
                    manifest.stages[.transform]?.finishedAt = Ledger.now()
                    try FileStore.writeJSON(manifest.json, to: folder.manifestURL)
                }
                throw TransformError.leak(findings)
            }
        }
        try FileStore.writeAtomically(Array(ReviewHTML.render(shown).utf8), to: folder.file(.transform, "review.html"))
        let csv = try FileStore.Streaming(folder.file(.transform, "review.csv"))
        try ReviewCSV.write(shown, to: csv)
        try csv.commit()
        try ledger.saveFingerprints(review.fingerprints)
    }
}
