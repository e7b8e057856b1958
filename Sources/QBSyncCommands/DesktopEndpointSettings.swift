import QBSyncCore
import QBSyncWebConnector

/// The Web Connector's user, password and address as a command that serves the endpoint for its
/// own session (a desktop `load`, `run`, `reintegrate`) reads them from the environment, before
/// anything else is done: `QBSYNC_QBWC_PASSWORD` (required), `QBSYNC_QBWC_LISTEN` (default
/// 127.0.0.1:8124), `QBSYNC_QBWC_USER` (default `qbsync`), `QBSYNC_QBD_COMPANY_FILE`.
enum DesktopEndpointSettings {
    /// The settings, or `problem(reason)` thrown: the command's own configuration error (exit code 2).
    static func read(_ variables: [String: String], problem: (String) -> any Error) throws -> (WebConnectorSettings, ListenAddress) {
        guard let password = variables["QBSYNC_QBWC_PASSWORD"], !password.isEmpty else {
            throw problem("QBSYNC_QBWC_PASSWORD is not set: set it to the password typed into the Web Connector")
        }
        let listen = variables["QBSYNC_QBWC_LISTEN"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:8124"
        guard let address = try? ListenAddress(listen) else {
            throw problem("QBSYNC_QBWC_LISTEN (\(listen)) is not a HOST:PORT address: set it to one such as 127.0.0.1:8124")
        }
        let userName = variables["QBSYNC_QBWC_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "qbsync"
        let companyFile = variables["QBSYNC_QBD_COMPANY_FILE"] ?? ""
        let settings = WebConnectorSettings(
            userName: userName, password: password, companyFile: companyFile, serverVersion: "qbsync \(QBSyncCoreVersion.string)",
            companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: companyFile)))
        return (settings, address)
    }
}

extension DesktopEndpointSettings {
    /// Serves `work` behind the Web Connector's endpoint at `endpoint` while `body` runs, for a
    /// command's own session, and expires it after `waitSeconds` (the work is told `expiry`;
    /// `waited()` is then thrown, exit code 3). `problem(reason)` is the command's configuration
    /// error when the address cannot be listened on; `busyHint` says what may hold it.
    static func serve<T>(
        _ work: DesktopLoadWork, at endpoint: (WebConnectorSettings, ListenAddress), context: CommandContext, waitSeconds: Int,
        expiry: String, busyHint: String, problem: (String) -> any Error, waited: () -> any Error, _ body: () async throws -> T
    ) async throws -> T {
        let (settings, address) = endpoint
        let logger = context.logger
        let service = WebConnectorService(settings: settings, work: work, log: { logger.debug("\($0)") })
        let server = WebConnectorServer(service: service, host: address.host, port: address.port)
        do {
            try server.start()
        } catch {
            throw problem("the Web Connector's endpoint could not listen on \(address.host):\(address.port) (\(error)): \(busyHint); else choose another QBSYNC_QBWC_LISTEN")
        }
        defer { server.stop(grace: 5) }
        context.environment.writeError("waiting for the Web Connector on \(server.url) (at most \(waitSeconds) s)")
        let expired = WaitExpiry()
        let timer = Task {
            try await Task.sleep(for: .seconds(waitSeconds))
            expired.fire()
            work.expire(reason: "waiting for QuickBooks: \(expiry)")
        }
        defer { timer.cancel() }
        do {
            let result = try await body()
            work.finish()
            return result
        } catch {
            work.finish()
            if expired.fired { throw waited() }
            throw error
        }
    }
}
