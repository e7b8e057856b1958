import Foundation

/// What an operator can decide about an item from the desk, with the states it may be decided
/// from. The rules are pure; `Ledger.apply(_:to:note:actor:)` applies them in one transaction.
public enum OperatorAction: String, Sendable, CaseIterable {
    /// Back into synchronization with the next run (`qbsync retry`).
    case retry
    /// Back into synchronization with a run of its own, now (`qbsync retry --now`).
    case retryNow = "retry-now"
    /// An old skipped transaction brought into the next run (`qbsync legacy retry`).
    case legacyRetry = "legacy-retry"
    /// Out of synchronization (`qbsync exclude --reason`).
    case exclude
    /// Onto the manual entry to-do list (`qbsync manual`).
    case manual
    /// Entered by hand and ticked off (`qbsync manual-done`).
    case manualDone = "manual-done"

    /// The state the item is in afterwards.
    public var targetState: ItemState {
        switch self {
        case .retry, .retryNow, .legacyRetry: .queued
        case .exclude: .excluded
        case .manual: .manual
        case .manualDone: .manualDone
        }
    }

    /// What the history calls it.
    public var historyAction: String {
        switch self {
        case .retry: "retry"
        case .retryNow: "retry-now"
        case .legacyRetry: "legacy-retry"
        case .exclude: "exclude"
        case .manual: "manual"
        case .manualDone: "manual-done"
        }
    }

    /// Why `ref` (now in `item`'s state, or unknown to the ledger when nil) cannot take this
    /// action, in words that say what to do instead; nil when it can.
    public func refusal(_ ref: String, _ item: ItemRecord?) -> String? {
        guard let item else {
            if self == .legacyRetry { return nil }
            return "\(ref) is not in the ledger: no run has taken it yet. The next run takes it when it changes in the OMS"
                + (self == .retry || self == .retryNow ? "; an old skipped transaction is retried with 'qbsync legacy retry \(ref)'." : ".")
        }
        let run = item.runID ?? "?"
        switch (self, item.state) {
        case (.retry, .failed), (.retry, .excluded), (.retry, .manual),
            (.retryNow, .failed), (.retryNow, .excluded), (.retryNow, .manual), (.retryNow, .queued),
            (.legacyRetry, .failed), (.legacyRetry, .excluded), (.legacyRetry, .manual), (.legacyRetry, .queued),
            (.exclude, .failed), (.exclude, .queued), (.exclude, .manual),
            (.manual, .failed), (.manual, .queued), (.manual, .excluded),
            (.manualDone, .manual):
            return nil
        case (_, .pending):
            return "\(ref) is pending in run \(run), which has not finished: 'qbsync run --run \(run)' finishes it (every stage it has not done); then act on \(ref) if it still needs it."
        case (.retry, .queued):
            return "\(ref) is already queued: the next run takes it ('qbsync retry --now \(ref)' runs it at once)."
        case (.retry, .synced), (.retryNow, .synced), (.legacyRetry, .synced):
            return "\(ref) is synced (run \(run)): there is nothing to retry. A change in the OMS reaches QuickBooks with the next run; 'qbsync show \(ref)' shows what QuickBooks holds."
        case (.exclude, .synced):
            return "\(ref) is already in QuickBooks (synced in run \(run)): excluding it would not take it out. Void or delete it in QuickBooks if it should not be there."
        case (.manual, .synced):
            return "\(ref) is already in QuickBooks (synced in run \(run)): there is nothing to enter by hand."
        case (_, .manualDone) where self != .manualDone:
            return "\(ref) was entered by hand and ticked off: it stays out of synchronization ('qbsync show \(ref)' says who and when)."
        case (.exclude, .excluded):
            return "\(ref) is already excluded\(Self.because(item.message)); 'qbsync retry \(ref)' brings it back."
        case (.manual, .manual):
            return "\(ref) is already on the manual entry to-do list; 'qbsync manual-done \(ref)' ticks it off once entered."
        case (.manualDone, .manualDone):
            return "\(ref) is already ticked off as entered by hand."
        case (.manualDone, let state):
            return "\(ref) is not on the manual entry to-do list (it is \(state.rawValue)): 'qbsync manual \(ref)' puts it there first."
        default:
            return "\(ref) is \(item.state.rawValue): it cannot be given '\(rawValue)'."
        }
    }

    private static func because(_ reason: String?) -> String {
        guard let reason, !reason.isEmpty else { return "" }
        return " (\(reason))"
    }
}

/// The desk refused an action: nothing was changed (exit code 2).
public enum DeskError: LocalizedError, Equatable {
    /// The items that cannot take the action, each with why and what to do instead.
    case refused(action: String, reasons: [String])
    /// An `ITEM` that names no old skipped transaction.
    case noLegacyRow(String)
    /// A legacy row that cannot be retried (its record is gone or cannot be posted).
    case legacyNotRetryable(String, String)

    /// What was refused and what to do instead.
    public var errorDescription: String? {
        switch self {
        case .refused(let action, let reasons):
            "nothing was done (\(action)):\n  " + reasons.joined(separator: "\n  ")
        case .noLegacyRow(let item):
            "\(item) names no old skipped transaction: 'qbsync legacy list' shows them (legacy:N or ENTITY:ID)"
        case .legacyNotRetryable(let item, let why):
            "\(item) cannot be retried: \(why). 'qbsync legacy escalate \(item) --note TEXT' records that it went to support."
        }
    }
}

extension DeskError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
