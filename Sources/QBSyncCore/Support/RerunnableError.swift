import Foundation

/// An error whose remedy ends with running the same command again once its cause is gone (a
/// lock released, disk space freed, a file restored). The core does not know the command line;
/// the command layer does, and names it so the message can be followed as it stands.
public protocol RerunnableError: LocalizedError {
    /// The message, naming `command` (for example `qbsync extract --pipeline pipelines/clinic.toml`)
    /// as the one to run again; nil says "the command".
    func errorDescription(rerunning command: String?) -> String
}
