import ArgumentParser
import Foundation
import QBSyncCore
import QBSyncWebConnector

/// `qbsync webconnector`: serves the QuickBooks Web Connector's SOAP service, or writes the
/// `.qwc` file that points the Web Connector at it.
struct WebConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webconnector",
        abstract: "Serve the QuickBooks Web Connector (QuickBooks Desktop), or write its .qwc file.",
        discussion: """
            Serves Intuit's QBWebConnectorSvc SOAP methods on POST /qbwc, plain HTTP on \
            loopback (put a TLS proxy in front on the clinic's network: see the README). The \
            password comes from QBSYNC_QBWC_PASSWORD (required), the user name from \
            QBSYNC_QBWC_USER (default qbsync), the company file from QBSYNC_QBD_COMPANY_FILE.

            With a desktop pipeline (--pipeline, or $QBSYNC_PIPELINE) it hands out the message \
            sets of the workspace's transformed, approved runs in load order, oldest run first, \
            journaling each in the run's 3-load/. Without one it has no work and answers every \
            update 'none' (QuickBooks is not touched).

            While it serves a workspace, 'qbsync load --run ID' hands its run to this service and \
            waits for it; a second 'qbsync webconnector' on the workspace exits 3.

            Examples:
              QBSYNC_QBWC_PASSWORD=... qbsync webconnector --listen 127.0.0.1:8124
              qbsync webconnector --qwc qbsync.qwc --url http://localhost:8124/qbwc
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Where to listen (default: $QBSYNC_QBWC_LISTEN, else 127.0.0.1:8124).", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Write the Web Connector's .qwc file here instead of serving.", valueName: "file"))
    var qwc: String?

    @Option(help: ArgumentHelp("The service's address as the Web Connector reaches it (with --qwc).", valueName: "url"))
    var url: String?

    @Option(name: .customLong("every-minutes"), help: "How often the Web Connector updates (with --qwc).")
    var everyMinutes = 15

    func validate() throws {
        if (qwc == nil) != (url == nil) { throw ValidationError("--qwc and --url go together: the file to write and the address it names.") }
        if qwc != nil, listen != nil { throw ValidationError("--listen serves; --qwc writes a file: give one or the other.") }
    }

    func run() async throws {
        let environment = CommandEnvironment.current
        let variables = environment.variables
        let userName = variables["QBSYNC_QBWC_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "qbsync"
        let companyFile = variables["QBSYNC_QBD_COMPANY_FILE"] ?? ""
        if let qwc, let url {
            let file: QWCFile
            do {
                file = try QWCFile(url: url, userName: userName, fileID: QWCFile.fileID(companyFile: companyFile), runEveryMinutes: everyMinutes)
            } catch {
                throw ValidationError((error as? LocalizedError)?.errorDescription ?? "\(error)")
            }
            try file.write(to: URL(fileURLWithPath: qwc))
            environment.write("wrote \(qwc): add it in the Web Connector (Add an application), then type the password from QBSYNC_QBWC_PASSWORD there.")
            return
        }
        guard let password = variables["QBSYNC_QBWC_PASSWORD"], !password.isEmpty else {
            throw ValidationError("QBSYNC_QBWC_PASSWORD is not set: set it to the password you will type into the Web Connector, then run 'qbsync webconnector' again.")
        }
        let address = try ListenAddress(listen ?? variables["QBSYNC_QBWC_LISTEN"] ?? "127.0.0.1:8124")
        let settings = WebConnectorSettings(
            userName: userName, password: password, companyFile: companyFile, serverVersion: "qbsync \(QBSyncCoreVersion.string)",
            companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: companyFile)))
        // A desktop pipeline named: its runs are the work. Else there is none.
        var context: CommandContext?
        if global.pipeline != nil || !(variables["QBSYNC_PIPELINE"] ?? "").isEmpty {
            context = try CommandContext(global, actor: nil)
            if context?.settings.quickbooks.edition != .desktop {
                throw ValidationError("\(context?.settings.path ?? "the pipeline") keeps QuickBooks Online: the Web Connector serves only a desktop pipeline ([quickbooks] edition = \"desktop\").")
            }
        }
        let standing = DesktopStandingWork()
        // Marked before listening: a desktop 'qbsync load' then hands its run here, and a second
        // 'qbsync webconnector' on the workspace is refused (exit code 3) before it binds.
        if let context {
            do {
                try standing.claim(context)
            } catch {
                let failure = CommandFailure(error)
                environment.writeError("qbsync: \(failure.message)")
                throw ExitCode(failure.code)
            }
        }
        let work: any WebConnectorWork = context == nil ? IdleDesktopWork() : standing
        let service = WebConnectorService(settings: settings, work: work, log: { environment.write($0) })
        let server = WebConnectorServer(service: service, host: address.host, port: address.port)
        do {
            try server.start()
        } catch {
            throw ValidationError("The Web Connector service could not listen on \(address.host):\(address.port) (\(error)). Choose another --listen address or stop what holds that port.")
        }
        environment.write("listening on \(server.url)")
        if !["127.0.0.1", "::1", "localhost"].contains(address.host.lowercased()) {
            // The Web Connector's login crosses this socket in clear: only a TLS proxy should reach it.
            environment.writeError("qbsync webconnector: \(address.host) is not a loopback address, and this service speaks plain HTTP: the Web Connector's password would cross the network unencrypted. Listen on 127.0.0.1 and put the TLS proxy of the README in front.")
        }
        let loads = context.map { context in
            Task {
                do {
                    try await standing.serve(context)
                } catch {
                    environment.writeError("qbsync webconnector: \(CommandFailure(error).message)")
                }
            }
        }
        await Sandbox.waitForTerminationSignal()
        standing.stop()
        loads?.cancel()
        server.stop()
        environment.write("qbsync webconnector: stopped")
    }
}

/// The work of a service with no desktop load behind it yet: nothing, said plainly. Every
/// update is answered `none`, so nothing is ever handed out and no answer can arrive.
final class IdleDesktopWork: WebConnectorWork {
    func hasWork() -> Bool { false }
    func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext { .done }
    func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance {
        .stop(reason: "qbsync handed out no message set in this update, so it cannot take an answer.")
    }
    func takeFailure(hresult: String, message: String, to request: WebConnectorRequest) {}
    func reportLostAnswer(to request: WebConnectorRequest) {}
    func quickBooksUnavailable(hresult: String, message: String) {}
    func progress() -> WebConnectorProgress { WebConnectorProgress(total: 0, answered: 0) }
}
