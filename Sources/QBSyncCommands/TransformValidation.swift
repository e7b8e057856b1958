import QBSyncCore
import QBSyncJSON

/// `qbsync transform --validate --run ID`: runs the hand-edit validation and reports it.
/// Exit code 0 when the files are valid, 2 when a problem refuses them (nothing recorded), 3
/// when a PHI value would leave the clinic.
struct TransformValidation {
    let context: CommandContext
    let json: Bool

    func run(_ runID: String) throws -> Int32 {
        let report = try HandEditValidator(settings: context.settings, ledger: context.ledger).validate(runID: runID)
        let code: Int32 = report.isValid ? 0 : report.hasLeak ? 3 : 2
        if json {
            context.write(JSONWriter.pretty(Self.json(report)), terminator: "")
            return code
        }
        for edit in report.edited { context.write("edited: \(edit.description)") }
        for finding in report.problems { context.write("problem: \(finding.description)") }
        for finding in report.notes { context.write("note: \(finding.description)") }
        guard report.isValid else {
            context.write(
                "transform --validate: \(report.problems.count) problem(s) in run \(runID); nothing was recorded. Fix the file(s) and validate again, or 'qbsync transform --run \(runID)' to write them afresh.")
            return code
        }
        guard report.recorded else {
            context.write("transform --validate: run \(runID): no file changed since the transform (or the last validation); nothing to record.")
            return code
        }
        context.write("transform --validate: run \(runID): the edit is valid; checksums recorded in manifest.json.")
        if let review = report.review { context.write("review rewritten (2-transform/review.html, review.csv): \(review.headline)") }
        if let voided = report.voided {
            context.write(
                "the approval by \(voided.approvedBy) (\(voided.approvedAt)) is void: approve again with 'qbsync approve --run \(runID) --by NAME'")
        } else if context.settings.requireApproval {
            context.write("next: qbsync review --run \(runID), then qbsync approve --run \(runID) --by NAME")
        }
        return code
    }

    static func json(_ report: HandEditReport) -> JSONValue {
        var object: [String: JSONValue] = [
            "run": .string(report.run), "valid": .bool(report.isValid), "recorded": .bool(report.recorded),
            "edited": .array(report.edited.map { ["path": .string($0.path), "change": .string($0.change.rawValue)] }),
            "findings": .array(
                report.findings.map { finding in
                    var item: [String: JSONValue] = [
                        "severity": .string(finding.severity.rawValue), "file": .string(finding.file),
                        "message": .string(finding.message), "leak": .bool(finding.isLeak),
                    ]
                    if let line = finding.line { item["line"] = .int(line) }
                    if let column = finding.column { item["column"] = .int(column) }
                    if let bId = finding.bId { item["bId"] = .string(bId) }
                    return .object(item)
                }),
        ]
        if let voided = report.voided { object["voided_approval"] = voided.json }
        return .object(object)
    }
}
