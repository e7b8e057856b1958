import QBSyncJSON

/// What a pipeline run (the nightly, a run finished, a retry now) ended with: its exit status
/// by the command-line contract, the summary for `--json`, and the lines for a person.
public struct PipelineOutcome: Sendable {
    /// 0 when everything is done; 1 when items failed or wait (the contract's `itemsFailed`).
    public var code: Int32
    public var summary: [String: JSONValue]
    public var lines: [String]

    public init(code: Int32, summary: [String: JSONValue], lines: [String]) {
        self.code = code
        self.summary = summary
        self.lines = lines
    }

    /// 0 when `done`, else the contract's exit status for items failed or pending.
    static func code(done: Bool) -> Int32 { done ? 0 : ExitStatus.itemsFailed.rawValue }
}
