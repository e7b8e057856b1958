import Foundation

/// The places near the end of an extract where a crash leaves a different trace, in the order
/// the extract passes them. Tests stop an extract at each to prove no run is left that no
/// command finishes.
public enum ExtractCrashPoint: String, Sendable, CaseIterable {
    /// Every file of `1-extract/` is written and hashed; the manifest says running and the
    /// ledger has recorded nothing.
    case afterFiles = "after-files"
    /// The manifest says the extract is done; the ledger has not committed what the run took.
    case afterManifest = "after-manifest"
    /// The ledger has committed the run and moved the cursor; the extract has not returned.
    case afterCommit = "after-commit"
}

/// A crash a test asked for: the extract stops dead, as a killed process would (no manifest
/// update after it, no lock release).
public struct SimulatedExtractCrash: Error, Sendable, Equatable, CustomStringConvertible {
    public var point: ExtractCrashPoint

    public var description: String { "simulated extract crash at \(point.rawValue)" }
}

/// A test's seam into the extract: called at every `ExtractCrashPoint`, it may throw
/// `SimulatedExtractCrash` to stop there, or wait (to let another command run meanwhile).
/// The live program passes `.none`.
public struct ExtractCrashPoints: Sendable {
    private let body: @Sendable (ExtractCrashPoint) throws -> Void

    /// Never stops.
    public static var none: ExtractCrashPoints { ExtractCrashPoints { _ in } }

    /// Crashes when the extract reaches `point`.
    public static func crash(at point: ExtractCrashPoint) -> ExtractCrashPoints {
        ExtractCrashPoints { reached in
            if reached == point { throw SimulatedExtractCrash(point: point) }
        }
    }

    /// Calls `body` at every point (it may block the extract's thread for a while).
    public static func calling(_ body: @escaping @Sendable (ExtractCrashPoint) throws -> Void) -> ExtractCrashPoints {
        ExtractCrashPoints(body: body)
    }

    private init(body: @escaping @Sendable (ExtractCrashPoint) throws -> Void) {
        self.body = body
    }

    /// Marks `point` as reached; throws when it is the one to crash at.
    func reach(_ point: ExtractCrashPoint) throws {
        try body(point)
    }
}
