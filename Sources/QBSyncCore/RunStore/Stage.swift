/// The four stages, in order; each owns one folder of the run.
public enum Stage: String, CaseIterable, Sendable, Comparable {
    case extract, transform, load, reconcile

    /// The stage's folder inside the run folder.
    public var folderName: String {
        switch self {
        case .extract: "1-extract"
        case .transform: "2-transform"
        case .load: "3-load"
        case .reconcile: "4-reconcile"
        }
    }

    /// The stages after this one: re-running this one makes them stale.
    public var later: [Stage] { Stage.allCases.filter { $0 > self } }

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
