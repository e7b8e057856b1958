import Foundation
import QBSyncJSON

/// `qbsync transform --validate`: checks batch files an accountant edited by hand, without
/// mapping anything again. Valid edits are recorded (the manifest's checksums, the review files
/// rewritten) and any approval of the old files is voided, so the run must be approved again.
/// Invalid ones change nothing.
public struct HandEditValidator {
    let settings: PipelineSettings
    let ledger: Ledger

    public init(settings: PipelineSettings, ledger: Ledger) {
        self.settings = settings
        self.ledger = ledger
    }

    public func validate(runID: String) throws -> HandEditReport {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard folder.exists else { throw RunStoreError.missingRun(runID) }
        guard try folder.manifest(pipeline: settings.name).stages[.transform]?.status == .done else {
            throw ApprovalError.transformNotDone(runID)
        }
        var report = HandEditReport(
            run: runID, edited: try TransformFiles.unvalidatedEdits(folder, pipeline: settings.name), findings: [])
        let leakCheck = settings.redaction.enabled ? try LeakCheck(folder: folder) : nil
        report.findings = try check(folder, leakCheck: leakCheck)
        guard report.isValid else { return report }
        guard !report.edited.isEmpty else { return report }

        let runReview = RunReview(runID: runID, settings: settings, ledger: ledger)
        let result = try runReview.result(recordingFingerprints: true)
        try runReview.writeFiles(result, leakCheck: leakCheck)
        let review = try result.review()
        report.review = review
        for warning in review.warnings where ["differs-from-oms", "zero-or-negative", "closed-period"].contains(warning.code) {
            report.findings.append(.note("2-transform/review.html", warning.message))
        }
        let files = try TransformFiles.checksums(folder)
        let handEdited = report.edited.map(\.path).filter { !$0.hasSuffix("/review.html") && !$0.hasSuffix("/review.csv") }
        try TransformFiles.recordValidated(folder, pipeline: settings.name, files: files, edited: handEdited, at: Ledger.now())
        report.recorded = true
        report.voided = try Approvals(settings: settings, ledger: ledger).voidIfChanged(runID: runID, reason: "a validated hand edit")
        return report
    }

    /// Every finding in plan.json and the batch files, without stopping at the first file.
    private func check(_ folder: RunFolder, leakCheck: LeakCheck?) throws -> [HandEditFinding] {
        let planPath = "2-transform/plan.json"
        let planJSON: JSONValue
        switch parse(folder.file(.transform, "plan.json"), path: planPath) {
        case .failure(let finding): return [finding]
        case .success(let parsed): planJSON = parsed.value
        }
        let batches = Self.plannedBatches(planJSON)
        var findings: [HandEditFinding] = []
        let listed = Set(batches.map(\.file))
        for file in FileStore.files(under: folder.file(.transform, "batches"), relativeTo: folder.folder(.transform))
        where !listed.contains(file) {
            findings.append(.problem("2-transform/\(file)", "is not in plan.json: the load would never send it. Remove it, or run 'qbsync transform' to write the batches again."))
        }
        let checks = try makeChecks(batches, planJSON: planJSON, folder: folder, leakCheck: leakCheck)
        for batch in batches {
            let path = "2-transform/\(batch.file)"
            if batch.file.hasSuffix(".qbxml") {
                guard let data = FileManager.default.contents(atPath: folder.file(.transform, batch.file).path) else {
                    findings.append(.problem(path, "is missing: run 'qbsync transform' to write the batches again"))
                    continue
                }
                findings += checks.checkDesktop(batch, data: data, path: path)
                continue
            }
            switch parse(folder.file(.transform, batch.file), path: path) {
            case .failure(let finding): findings.append(finding)
            case .success(let parsed): findings += checks.check(batch, body: parsed.value, text: parsed.text, path: path)
            }
        }
        return findings
    }

    private func makeChecks(_ batches: [PlannedBatch], planJSON: JSONValue, folder: RunFolder, leakCheck: LeakCheck?) throws
        -> HandEditChecks
    {
        var waves: [String: Int] = [:]
        for batch in batches { for item in batch.items { waves[item.key] = min(waves[item.key] ?? batch.wave, batch.wave) } }
        for link in planJSON["links"]?.arrayValue ?? [] {
            if let key = link["key"]?.stringValue, let wave = link["wave"]?.intValue { waves[key] = min(waves[key] ?? wave, wave) }
        }
        let mapping = settings.mapping
        var accounts = try ledger.knownAccountNames()
        accounts.formUnion(mapping.incomeAccounts.values)
        accounts.formUnion([mapping.depositAccount, mapping.refundFromAccount, mapping.writeOffAccount, mapping.taxAccount])
        let ledger = ledger
        return HandEditChecks(
            batchSize: settings.quickbooks.batchSize, plannedWaves: waves,
            inLedger: { ((try? ledger.qboObject($0)) ?? nil) != nil }, knownAccounts: accounts, leakCheck: leakCheck)
    }

    /// A file's JSON and text, or a finding with the file, line and column of the syntax error.
    private func parse(_ url: URL, path: String) -> Result<(value: JSONValue, text: String), HandEditFinding> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(.problem(path, "is missing: run 'qbsync transform' to write the batches again"))
        }
        do {
            return .success((try JSONParser.parse(bytes: [UInt8](data)), String(decoding: data, as: UTF8.self)))
        } catch let error as JSONSyntaxError {
            return .failure(.problem(path, line: error.line, column: error.column, "not valid JSON: \(error.reason)"))
        } catch {
            return .failure(.problem(path, "cannot be read: \(error)"))
        }
    }

    /// The batches of plan.json as written.
    static func plannedBatches(_ plan: JSONValue) -> [PlannedBatch] {
        (plan["batches"]?.arrayValue ?? []).compactMap { batch in
            guard let file = batch["file"]?.stringValue, let wave = batch["wave"]?.intValue else { return nil }
            let items = (batch["operations"]?.arrayValue ?? []).compactMap { operation -> PlannedBatch.Item? in
                guard let bId = operation["bId"]?.stringValue, let key = operation["key"]?.stringValue,
                    let ref = operation["ref"]?.stringValue, let entity = operation["entity"]?.stringValue,
                    let verb = operation["operation"]?.stringValue
                else { return nil }
                return PlannedBatch.Item(bId: bId, key: key, ref: ref, entity: entity, operation: verb)
            }
            return PlannedBatch(file: file, wave: wave, items: items)
        }
    }
}
