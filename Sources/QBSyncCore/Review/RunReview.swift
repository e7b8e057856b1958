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

    /// The review of the batch files as they are on disk, every document and warning. With
    /// `checkEdits`, files changed since the transform or the last validation are warned about.
    public func review(checkEdits: Bool = true) throws -> Review {
        var review = try result().review()
        review.booksCheck = BooksCheck.read(folder).summary
        if checkEdits {
            let edits = try TransformFiles.unvalidatedEdits(folder, pipeline: settings.name)
            review.prepend(
                edits.map { edit in
                    ReviewWarning(
                        code: "unvalidated-edit", ref: nil, key: nil,
                        message: "\(edit.description) since the transform (or the last validation) wrote it: check it with 'qbsync transform --validate --run \(folder.id)'; approve and load refuse it until then.")
                })
        }
        return review
    }

    /// The review of the batch files as they are on disk, before it is put together: for a
    /// page of it or a document at a time (a first synchronization's review is too big to hold).
    /// With `recordingFingerprints`, the documents' fingerprints go to the ledger for later
    /// reviews (when the review files are written again).
    public func result(recordingFingerprints: Bool = false) throws -> ReviewResult {
        let status = try folder.manifest(pipeline: settings.name).stages[.transform]?.status
        guard status == .done || status == .stale else { throw ApprovalError.transformNotDone(folder.id) }
        // Bodies are read a batch at a time: the review keeps a summary of each document only.
        let folder = folder
        return try ReviewBuilder.result(
            plan: try TransformPlan(folder: folder, bodies: false),
            inputs: try inputs(itemKinds: ExtractFiles.itemKinds(folder: folder), recordingFingerprints: recordingFingerprints),
            bodies: { try TransformPlan.withBodies($0, folder: folder) })
    }

    /// What the builder reads besides the plan. QuickBooks objects and names are asked of the
    /// ledger a key at a time, as the review needs them: after a first synchronization it holds
    /// hundreds of thousands, and a night's review must cost what the night changed.
    func inputs(itemKinds kinds: [Int: String], recordingFingerprints: Bool) throws -> ReviewInputs {
        var locations: [Int: String] = [:]
        if let reference = try? FileStore.readJSON(folder.file(.extract, "reference.json")) {
            for row in reference["locations"]?.arrayValue ?? [] {
                if let id = row["id"]?.intValue, let name = row["name"]?.stringValue { locations[id] = name }
            }
        }
        var inputs = ReviewInputs(
            pipeline: settings.name, runDate: try runDate(), closingDate: settings.closingDate,
            redacted: settings.redaction.enabled, mapping: settings.mapping, locationNames: locations, itemKinds: kinds)
        let ledger = ledger
        inputs.lookupName = { try? ledger.name(key: $0) }
        inputs.lookupNames = { (try? ledger.names(keys: $0)) ?? [:] }
        if recordingFingerprints { inputs.recordFingerprints = { try ledger.saveFingerprints($0) } }
        // What QuickBooks holds that qbsync did not post, as the transform read it: customers
        // named by qbsync's keys where the ledger knows them.
        let books = BooksCheck.read(folder)
        let customerKey: (String) -> String? = { try? ledger.qboObjectKey(qboType: "Customer", qboID: $0) }
        inputs.postedMatching = { books.matching($0, customerKey: customerKey) }
        // Before the first load QuickBooks holds nothing of this clinic's: no question to ask.
        guard try ledger.holdsQBOObjects() else { return inputs }
        inputs.lookupObject = { try? ledger.qboObject($0) }
        inputs.lookupKey = { type, id in try? ledger.qboObjectKey(qboType: type, qboID: id) }
        inputs.postedMatching = { try ledger.postedDocuments(matching: $0) + books.matching($0, customerKey: customerKey) }
        return inputs
    }

    /// The day the run was taken: the ledger's record of it, else the date in its id.
    func runDate() throws -> String {
        if let run = try? ledger.run(folder.id) { return String(run.createdAt.prefix(10)) }
        let stamp = folder.id.split(separator: "-").dropFirst().first.map(String.init) ?? ""
        guard stamp.count >= 8 else { return "" }
        let digits = Array(stamp.prefix(8))
        return String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
    }

    /// Writes `review.html` (a page: totals, counts, the first documents and warnings) and
    /// `review.csv` (every document) into `2-transform/`, a document at a time. With redaction on, refuses
    /// (`TransformError.leak`) a review that would show a PHI value, as the transform refuses
    /// such a batch. `leakCheck` is the transform's own, when it has one in hand.
    /// Returns the SHA-256 of each file written, by path in the run folder.
    @discardableResult
    public func writeFiles(_ result: ReviewResult, leakCheck: LeakCheck? = nil) throws -> [String: String] {
        var page = try result.review(documentLimit: ReviewHTML.rowLimit, warningsPerCode: ReviewHTML.warningsPerCode)
        page.approval = "to approve after checking: qbsync approve --run \(result.run) --by NAME"
        page.booksCheck = BooksCheck.read(folder).summary
        let check = settings.redaction.enabled ? try leakCheck ?? LeakCheck(folder: folder) : nil
        let location = "2-transform/review"
        // The page's long lists an entry at a time, then every document as it goes to the CSV.
        var findings: [LeakCheck.Finding] = []
        if let check {
            var summary = page
            (summary.documents, summary.warnings, summary.changes, summary.byCustomer) = ([], [], [], [])
            findings += check.scan(summary.json, location: location)
            for warning in page.warnings { findings += check.scan(warning.json, location: location) }
            for change in page.changes { findings += check.scan(change.json, location: "\(location) \(change.ref)") }
            for total in page.byCustomer { findings += check.scan(total.json, location: location) }
        }
        let csv = try FileStore.Streaming(folder.file(.transform, "review.csv"))
        try csv.append(ReviewCSV.header)
        // Each document's row and leak check worked out on every core, a block at a time, the
        // rows written in order.
        try result.forEachDocumentBlock(state: { LeakCheck.Memo() }) { document, memo in
            // The location captures the reference, not the document (a copy of it for each).
            let ref = document.ref
            var row: [UInt8] = []
            ReviewCSV.appendRow(document, into: &row)
            return (row: row, findings: check?.scan(texts: document.forEachText, location: "\(location) \(ref)", memo: &memo) ?? [])
        } _: { block in
            var rows: [UInt8] = []
            for document in block {
                rows += document.row
                findings += document.findings
            }
            try csv.append(rows)
        }
        if !findings.isEmpty {
            csv.abandon()
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
        try csv.commit()
        let html = Array(ReviewHTML.render(page).utf8)
        try FileStore.writeAtomically(html, to: folder.file(.transform, "review.html"))
        var digests = [Stage.transform.folderName + "/review.html": SHA256.hex(html)]
        digests[Stage.transform.folderName + "/review.csv"] = csv.sha256
        return digests
    }
}
