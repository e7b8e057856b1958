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
