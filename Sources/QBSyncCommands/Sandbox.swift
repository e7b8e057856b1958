import ArgumentParser
import Foundation
import QBSyncSandbox

/// `qbsync sandbox`: runs a local QuickBooks-Online-compatible server for trials and tests.
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a local QuickBooks-Online-compatible server on loopback.",
        discussion: """
            Serves Intuit's OAuth endpoints and the accounting API (batch, query, entities) \
            for one company seeded like a new US QuickBooks Online company, with QuickBooks's \
            validation rules and request limits, and prints the environment variables that \
            point qbsync at it. With --data, the books, OAuth grants and a request log are \
            kept in that folder.

            Fault flags make it misbehave on purpose, every Nth request, so a trial \
            meets throttling, 503s, answers lost after the change was applied, slow \
            answers and expiring logins (docs/sandbox.md lists them).

            With --desktop it is QuickBooks Desktop instead, with its own Web Connector polling \
            the --connector URL (qbsync webconnector) as the real one does.

            Example:
              qbsync sandbox --port 8765 --data var/sandbox
              qbsync sandbox --drop-every 4 --fail-every 5 --expire-tokens-every 6
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The loopback port to listen on (0: any free port).")
    var port: UInt16 = 8765

    @Option(name: .customLong("data"), help: ArgumentHelp("Keep state, OAuth grants and the request log here.", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("The company (realm) id to serve.", valueName: "id"))
    var realm: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The OAuth client id to accept.", valueName: "id"))
    var clientID: String?

    @Option(name: .customLong("client-secret"), help: ArgumentHelp("The OAuth client secret to accept.", valueName: "secret"))
    var clientSecret: String?

    @Option(name: .customLong("refresh-token"), help: ArgumentHelp("A refresh token valid at start.", valueName: "token"))
    var refreshToken: String?

    @Option(
        name: .customLong("book-close-date"),
        help: ArgumentHelp("Refuse transactions dated on or before this date (YYYY-MM-DD).", valueName: "date"))
    var bookCloseDate: String?

    @Flag(name: .customLong("no-limits"), help: "Do not throttle (QuickBooks allows 500 requests a minute, 40 batches).")
    var noLimits = false

    @OptionGroup(title: "Faults and timing") var faultOptions: SandboxFaultOptions

    @OptionGroup(title: "QuickBooks Desktop") var desktop: SandboxDesktopOptions

    func validate() throws {
        try desktop.validate()
        if let bookCloseDate, !Self.isDate(bookCloseDate) {
            throw ValidationError("--book-close-date must be a date written YYYY-MM-DD, not '\(bookCloseDate)'.")
        }
        for (flag, value) in [("--realm", realm), ("--client-id", clientID), ("--client-secret", clientSecret), ("--refresh-token", refreshToken)] {
            if let value, value.isEmpty || value.contains(where: \.isWhitespace) {
                throw ValidationError("\(flag) must be a non-empty value without spaces.")
            }
        }
    }

    func run() async throws {
        if desktop.desktop { return try await desktop.run(dataDirectory: dataDirectory) }
        var configuration = SandboxConfiguration()
        configuration.port = port
        configuration.dataDirectory = dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let realm { configuration.realm = realm }
        if let clientID { configuration.clientID = clientID }
        if let clientSecret { configuration.clientSecret = clientSecret }
        if let refreshToken { configuration.seedRefreshToken = refreshToken }
        configuration.bookCloseDate = bookCloseDate
        if noLimits { configuration.limits = .unlimited }
        faultOptions.apply(to: &configuration)

        let server: SandboxServer
        do {
            server = try SandboxServer(configuration: configuration)
            try server.start()
        } catch {
            throw ValidationError("The sandbox could not start on 127.0.0.1:\(port): \(error). Choose another --port or --data folder.")
        }
        let environment = CommandEnvironment.current
        environment.write(
            "qbsync sandbox: serving \(server.baseURL) (token URL \(server.tokenURL)), realm \(configuration.realm), "
                + "client id \(configuration.clientID); the refresh token '\(configuration.seedRefreshToken)' is valid now. "
                + "Ctrl-C stops it.")
        if !configuration.faults.isEmpty { environment.write("qbsync sandbox: injecting faults: \(configuration.faults.summary)") }
        for (name, value) in [
            ("QBSYNC_QBO_BASE_URL", server.baseURL), ("QBSYNC_QBO_TOKEN_URL", server.tokenURL),
            ("QBSYNC_QBO_AUTH_URL", server.authorizeURL), ("QBSYNC_QBO_REALM", configuration.realm),
            ("QBSYNC_CLIENT_ID", configuration.clientID), ("QBSYNC_CLIENT_SECRET", configuration.clientSecret),
            ("QBSYNC_REFRESH_TOKEN", configuration.seedRefreshToken),
        ] {
            environment.write("export \(name)=\(Self.shellQuoted(value))")
        }
        await Self.waitForTerminationSignal()
        server.stop()
        environment.write("qbsync sandbox: stopped" + (dataDirectory.map { "; the state is in \($0)" } ?? "."))
    }

    /// Suspends until SIGINT or SIGTERM, which are taken from their default action (ending the
    /// process at once) so the server can close its connections first.
    static func waitForTerminationSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "qbsync-sandbox-signals")
            var sources: [DispatchSourceSignal] = []
            var resumed = false
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler {
                    guard !resumed else { return }
                    resumed = true
                    sources.forEach { $0.cancel() }
                    continuation.resume()
                }
                sources.append(source)
                source.resume()
            }
        }
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else {
            return false
        }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    private static func shellQuoted(_ value: String) -> String {
        let safe = value.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@".contains($0) }
        return safe ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
