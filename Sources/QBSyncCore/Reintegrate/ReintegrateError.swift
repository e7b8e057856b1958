import Foundation

/// A reintegration that could not finish. It changes nothing in QuickBooks and writes the ledger
/// only at its end, in one transaction, so running it again is always safe.
public enum ReintegrateError: LocalizedError, Equatable {
    /// QuickBooks needs a (new) login (exit code 3).
    case authorizationNeeded(String)
    /// QuickBooks could not be read for now.
    case unreadable(String)
    /// A load for the company is running: it writes the same map (exit code 3).
    case loadRunning(String)

    init(_ failure: QuickBooksAPIFailure) {
        switch failure {
        case .authorizationNeeded(let reason): self = .authorizationNeeded(reason)
        case .uncertain(let reason), .gaveUp(let reason): self = .unreadable(reason)
        case .refused(let status, let code, let message):
            self = .unreadable("QuickBooks refused a query (HTTP \(status)\(code.map { ", code \($0)" } ?? "")): \(message)")
        }
    }

    public var errorDescription: String? {
        switch self {
        case .authorizationNeeded(let reason):
            "nothing was changed: QuickBooks login needed (\(reason)): run 'qbsync connect', then 'qbsync reintegrate' again"
        case .unreadable(let reason):
            "nothing was changed: QuickBooks could not be read (\(reason)); run 'qbsync reintegrate' again later"
        case .loadRunning(let holder):
            "nothing was changed: a load is running for this QuickBooks company (\(holder)); run 'qbsync reintegrate' once it has finished"
        }
    }
}

extension ReintegrateError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .authorizationNeeded, .loadRunning: .blocked
        case .unreadable: .itemsFailed
        }
    }
}
