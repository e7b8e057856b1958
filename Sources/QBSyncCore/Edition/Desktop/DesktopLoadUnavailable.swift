import Foundation

/// A load on a desktop pipeline from a command that does not serve the Web Connector (the
/// nightly `qbsync run` today): refused before anything is read or sent (exit code 2). The run's qbXML message sets stay as the transform wrote them.
public struct DesktopLoadUnavailable: LocalizedError, ExitStatusError, Equatable {
    public var run: String
    /// The pipeline file that chose the Desktop edition.
    public var pipeline: String

    public init(run: String, pipeline: String) {
        self.run = run
        self.pipeline = pipeline
    }

    public var exitStatus: ExitStatus { .configuration }

    public var errorDescription: String? {
        "run \(run) was not loaded: \(pipeline) keeps QuickBooks Desktop ([quickbooks] edition = \"desktop\"), and this command "
            + "does not serve the Web Connector the Desktop load goes through; nothing was sent. Its qbXML message sets are in "
            + "runs/\(run)/2-transform/batches/; load them with 'qbsync load --run \(run)'"
    }
}
