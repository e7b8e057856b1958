import Foundation

/// What the outputs are attached to. Progress and colour are for people at a terminal: a
/// stream that is a TTY, with `TERM` set and not `dumb` (cron and systemd set no `TERM`), and
/// colour only without `NO_COLOR` (https://no-color.org).
struct Terminal {
    /// Whether stderr takes progress bars.
    let progressOnStderr: Bool
    /// Whether stdout takes colour.
    let colorOnStdout: Bool
    /// Whether colour may be used at all.
    let color: Bool

    init(environment: CommandEnvironment) {
        let variables = environment.variables
        let term = variables["TERM"] ?? ""
        let interactive = !term.isEmpty && term != "dumb"
        color = interactive && (variables["NO_COLOR"] ?? "").isEmpty
        progressOnStderr = interactive && isatty(STDERR_FILENO) == 1 && variables["QBSYNC_PROGRESS"] != "0"
        colorOnStdout = color && isatty(STDOUT_FILENO) == 1
    }
}
