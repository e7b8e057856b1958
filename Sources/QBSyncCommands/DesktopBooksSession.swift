import Foundation
import QBSyncCore
import QBSyncWebConnector

/// What `qbsync reintegrate` does on a desktop pipeline: QuickBooks Desktop answers only when
/// its Web Connector calls, so the command serves the Web Connector's endpoint (as `qbsync
/// load` does) until the Web Connector has answered every query page, and gives up after
/// `--wait` seconds (exit code 3, nothing changed anywhere). The session only reads: its
/// message sets are queries, which change nothing in QuickBooks.
struct DesktopBooksSession {
    let context: CommandContext
    let waitSeconds: Int
    /// The command to give again when the Web Connector did not come (`qbsync reintegrate --check-only`).
    let command: String

    /// Runs `body` with a transport to QuickBooks through the endpoint served meanwhile.
    func serve<T>(_ body: (any DesktopTransport) async throws -> T) async throws -> T {
        let work = DesktopLoadWork()
        return try await DesktopEndpointSettings.serve(
            work, at: try endpoint(), context: context, waitSeconds: waitSeconds,
            expiry: "the Web Connector did not answer every query within \(waitSeconds) s",
            busyHint: "if 'qbsync webconnector' or a load serves this workspace, let it finish or stop it first",
            problem: { DesktopBooksSetupError(command: command, reason: $0) },
            waited: { DesktopBooksWaiting(command: command, seconds: waitSeconds) }
        ) { try await body(work) }
    }

    /// The Web Connector's user, password and address from the environment (exit code 2 when
    /// the password is missing or the address is not one), read before anything else is done.
    private func endpoint() throws -> (WebConnectorSettings, ListenAddress) {
        try DesktopEndpointSettings.read(context.environment.variables) { DesktopBooksSetupError(command: command, reason: $0) }
    }
}

/// The endpoint cannot be served: refused before anything is read (exit code 2).
struct DesktopBooksSetupError: LocalizedError, ExitStatusError {
    var command: String
    var reason: String
    var exitStatus: ExitStatus { .configuration }
    var errorDescription: String? { "QuickBooks Desktop was not read: \(reason); then '\(command)' again. Nothing was changed." }
}

/// `--wait` passed before the Web Connector answered every query (exit code 3).
struct DesktopBooksWaiting: LocalizedError, ExitStatusError {
    var command: String
    var seconds: Int
    var exitStatus: ExitStatus { .blocked }
    var errorDescription: String? {
        "waiting for QuickBooks: the Web Connector did not answer every query within \(seconds) s, so the books were not read and nothing was changed (not the ledger, not QuickBooks). "
            + "Open QuickBooks on the company file, start '\(command)' again and click Update Selected in the Web Connector (or give it a longer --wait)."
    }
}
