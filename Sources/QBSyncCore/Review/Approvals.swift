import Foundation
import QBSyncJSON

/// Approving a run's transform files, and the check the load makes before it posts anything:
/// a run is loaded only as approved (when the pipeline requires approval), and never after its
/// files changed since the approval.
public struct Approvals {
    let settings: PipelineSettings
    let ledger: Ledger

    public init(settings: PipelineSettings, ledger: Ledger) {
        self.settings = settings
        self.ledger = ledger
    }

    /// Records that `name` approved run `runID`'s `2-transform/` files as they are now: in the
    /// ledger and in `runs/<RUN_ID>/approval.json`. Refuses files edited since the transform (or
    /// the last validation) wrote them: they must be validated first.
    public func approve(runID: String, by name: String, actor: String) throws -> Approval {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard folder.exists else { throw RunStoreError.missingRun(runID) }
        guard try folder.manifest(pipeline: settings.name).stages[.transform]?.status == .done else {
            throw ApprovalError.transformNotDone(runID)
        }
        try checkApprover(name)
        if let edit = try TransformFiles.unvalidatedEdits(folder, pipeline: settings.name).first {
            throw ApprovalError.unvalidatedEdit(runID, edit)
        }
        let approval = try ledger.recordApproval(
            run: runID, by: name, actor: actor, files: try TransformFiles.checksums(folder))
        try FileStore.writeJSON(approval.json, to: Self.fileURL(folder))
        return approval
    }

    /// Who may approve: a name a person can be identified by (what `--by` records), on the
    /// pipeline's list of people with the synchronization privilege when it has one.
    func checkApprover(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100, !name.contains(where: { $0.isNewline || $0 == "\t" }) else {
            throw ApprovalError.badApproverName(name)
        }
        try Operators.authorize(name, to: "approve", in: settings)
    }

    /// Refuses (exit code 3) to load run `runID` when any of its `2-transform/` files changed
    /// since the approval, when a file the load reads (plan.json, a batch) differs from what the
    /// transform or the last validation recorded, whether or not the pipeline requires approval,
    /// and when it is not approved and the pipeline requires approval.
    public func checkBeforeLoad(runID: String) throws {
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        let current = try TransformFiles.checksums(folder)
        if let approval = try ledger.currentApproval(run: runID) {
            if let difference = TransformFiles.differences(recorded: approval.files, current: current).first {
                throw ApprovalError.changedSinceApproval(runID, difference, approval.approvedBy, approval.approvedAt)
            }
            return
        }
        // Without an approval nobody has looked at a hand edit: only what the transform wrote or
        // a validation checked may reach QuickBooks (the money check would catch it only after).
        let recorded = try folder.manifest(pipeline: settings.name).stages[.transform]?.files ?? [:]
        if let edit = TransformFiles.differences(recorded: recorded, current: current).first(where: { TransformFiles.loadReads($0.path) }) {
            throw ApprovalError.notValidated(runID, edit)
        }
        if settings.requireApproval { throw ApprovalError.notApproved(runID) }
    }

    /// Voids the standing approval of `runID` (its files changed), rewriting `approval.json`
    /// to say so. Returns the voided approval, or nil when none stood.
    @discardableResult
    public func void(runID: String, reason: String) throws -> Approval? {
        guard let voided = try ledger.voidApproval(run: runID, reason: reason) else { return nil }
        try FileStore.writeJSON(voided.json, to: Self.fileURL(RunFolder(workspace: settings.workspace, id: runID)))
        return voided
    }

    /// Voids the standing approval of `runID` when its `2-transform/` files are no longer the
    /// approved ones (a transform run again, a validated hand edit). Returns it, or nil.
    @discardableResult
    public func voidIfChanged(runID: String, reason: String) throws -> Approval? {
        guard let standing = try ledger.currentApproval(run: runID) else { return nil }
        let folder = RunFolder(workspace: settings.workspace, id: runID)
        guard let change = TransformFiles.differences(recorded: standing.files, current: try TransformFiles.checksums(folder)).first
        else { return nil }
        return try void(runID: runID, reason: "\(change.description) after the approval (\(reason))")
    }

    /// A line on the approval for a review: who and when, or what is still needed.
    public func status(runID: String) throws -> String {
        if let approval = try ledger.currentApproval(run: runID) {
            return "approved by \(approval.approvedBy) at \(approval.approvedAt)"
        }
        let voided = try ledger.approvals(run: runID).last
        let needed = settings.requireApproval ? "not approved: the pipeline requires approval before load" : "not approved (this pipeline does not require it)"
        guard let voided else { return needed }
        return needed + "; the approval by \(voided.approvedBy) was voided (\(voided.voidReason ?? "files changed"))"
    }

    /// `runs/<RUN_ID>/approval.json`.
    static func fileURL(_ folder: RunFolder) -> URL { folder.url.appendingPathComponent("approval.json") }
}

/// A run cannot be approved or loaded as it stands.
public enum ApprovalError: LocalizedError, Equatable {
    case notApproved(String)
    case changedSinceApproval(String, FileDifference, String, String)
    case unvalidatedEdit(String, FileDifference)
    case notValidated(String, FileDifference)
    case transformNotDone(String)
    case badApproverName(String)
    case approverRefused(String, String)

    public var errorDescription: String? {
        switch self {
        case .notApproved(let run):
            "run \(run) is not approved and the pipeline requires approval before load ([sync] require_approval): nothing was posted. Review it ('qbsync review --run \(run)' or 2-transform/review.html), then 'qbsync approve --run \(run) --by NAME'."
        case .changedSinceApproval(let run, let difference, let name, let time):
            "run \(run): \(difference.description) since \(name) approved it (\(time)), so nothing was posted. If the change is wanted, check it with 'qbsync transform --validate --run \(run)' and approve again; if not, 'qbsync transform --run \(run)' writes the files again."
        case .unvalidatedEdit(let run, let difference):
            "run \(run): \(difference.description) since the transform wrote it: check the edit with 'qbsync transform --validate --run \(run)', then approve."
        case .notValidated(let run, let difference):
            "run \(run): \(difference.description) since the transform (or the last validation) wrote it, and nothing has checked the edit, so nothing was posted. Check it with 'qbsync transform --validate --run \(run)' (and approve it, if the pipeline requires approval), or write the files again with 'qbsync transform --run \(run)'."
        case .transformNotDone(let run):
            "run \(run) has no finished transform to review, validate or approve: run 'qbsync transform --run \(run)' first"
        case .badApproverName(let name):
            "'\(name)' is not a name an approval can be recorded under: give the approver's name (at most 100 characters, one line) with --by"
        case .approverRefused(let name, let reason):
            "\(name) may not approve runs (\(reason)): ask an operator who may"
        }
    }
}

extension ApprovalError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .transformNotDone, .badApproverName: return .configuration
        default: return .blocked
        }
    }
}
