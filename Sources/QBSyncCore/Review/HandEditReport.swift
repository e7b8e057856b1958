/// Something `qbsync transform --validate` found in a hand-edited transform file: a problem
/// (the edit is refused and nothing is recorded) or a note (worth knowing, not blocking).
public struct HandEditFinding: Error, Sendable, Equatable {
    public enum Severity: String, Sendable {
        case problem, note
    }

    public var severity: Severity
    /// Relative to the run folder: `2-transform/batches/0003.json`.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The batch item it is about, when one.
    public var bId: String?
    public var message: String
    /// A PHI value would leave the clinic (exit code 3, as for the transform).
    public var isLeak = false

    /// `2-transform/batches/0003.json:41:7: b7: ...`, the form editors jump to.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return place + ": " + (bId.map { "\($0): " } ?? "") + message
    }

    static func problem(_ file: String, line: Int? = nil, column: Int? = nil, bId: String? = nil, _ message: String) -> Self {
        HandEditFinding(severity: .problem, file: file, line: line, column: column, bId: bId, message: message)
    }

    static func note(_ file: String, line: Int? = nil, bId: String? = nil, _ message: String) -> Self {
        HandEditFinding(severity: .note, file: file, line: line, column: nil, bId: bId, message: message)
    }
}

/// What a validation of hand edits found and did.
public struct HandEditReport: Sendable {
    public var run: String
    /// The files that differed from the manifest before validation (the hand edits).
    public var edited: [FileDifference]
    public var findings: [HandEditFinding]
    /// Whether the edit was accepted: checksums recorded, review files rewritten.
    public var recorded = false
    /// The approval voided because the files changed, if one stood.
    public var voided: Approval?
    /// The review of the edited files, when they were valid.
    public var review: Review?

    public var problems: [HandEditFinding] { findings.filter { $0.severity == .problem } }
    public var notes: [HandEditFinding] { findings.filter { $0.severity == .note } }
    public var isValid: Bool { problems.isEmpty }
    public var hasLeak: Bool { findings.contains(where: \.isLeak) }
}
