/// Shows a person what the pipeline is doing while it works (a terminal's progress line); the
/// pipeline itself prints nothing. The command decides how, or whether, to show it.
public protocol PipelineProgress: Sendable {
    /// Runs `body` while `stage` is shown.
    func during<T>(_ stage: String, _ body: () throws -> T) rethrows -> T
    /// Runs the load of `folder` while its `batches` are counted off.
    func duringLoad<T>(_ folder: RunFolder, batches: Int, _ body: () async throws -> T) async rethrows -> T
}

/// Shows nothing: under cron, in tests, for a command without a terminal.
public struct SilentProgress: PipelineProgress {
    public init() {}

    public func during<T>(_ stage: String, _ body: () throws -> T) rethrows -> T { try body() }

    public func duringLoad<T>(_ folder: RunFolder, batches: Int, _ body: () async throws -> T) async rethrows -> T {
        try await body()
    }
}
