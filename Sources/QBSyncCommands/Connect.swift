import ArgumentParser
import Foundation
import QBSyncCore

/// `qbsync connect`: logs in to QuickBooks (OAuth 2.0 authorization code with a loopback
/// redirect) and saves the tokens in the workspace.
struct Connect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in to QuickBooks Online: the first time, or to reconnect.",
        discussion: """
            Prints the QuickBooks authorization page's address (and opens it when a display is \
            available), waits on http://127.0.0.1:PORT/callback for QuickBooks to send the \
            login back, checks it, and saves the tokens in the workspace (tokens.json, readable \
            by you only). The app's redirect URI in Intuit's developer portal must be exactly \
            that address.

            On a machine without a browser: open the printed address on another computer; the \
            browser then lands on an address that cannot load, holding code=... and realmId=... \
            Pass them here with the same --port.

            Example:
              qbsync connect
              qbsync connect --code AB11... --realm 9341453050000000
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The loopback port QuickBooks redirects to (0: any free port).", valueName: "port"))
    var port: UInt16 = 8766

    @Option(help: ArgumentHelp("An authorization code pasted from the redirect address.", valueName: "code"))
    var code: String?

    @Option(help: ArgumentHelp("The company id (realmId) from the same address.", valueName: "id"))
    var realm: String?

    @Option(help: ArgumentHelp("How long to wait for the login, in seconds.", valueName: "seconds"))
    var timeout: Double = 300

    @Flag(name: .customLong("no-browser"), help: "Only print the address; do not try to open a browser.")
    var noBrowser = false

    func validate() throws {
        if (code == nil) != (realm == nil) { throw ValidationError("--code and --realm go together: both come from the redirect address.") }
        if code != nil && port == 0 { throw ValidationError("--code needs the --port the authorization was asked with.") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds.") }
    }

    func run() async throws {
        try await guarded {
            let context = try CommandContext(global)
            let flow = try OAuthConnect(settings: context.settings, logger: context.logger)
            let tokens: StoredTokens
            if let code, let realm {
                tokens = try await flow.exchange(code: code, realm: realm, redirectURI: LoopbackRedirectListener.redirectURI(port: port))
            } else {
                let open = noBrowser ? nil : ConnectBrowser.open ?? ConnectBrowser.system(environment: context.environment.variables)
                tokens = try await flow.authorize(port: port, timeout: timeout) { url in
                    context.write("Open this address to log in to QuickBooks and approve qbsync:")
                    context.write(url.absoluteString)
                    context.write("Waiting for QuickBooks to send the login back (Ctrl-C stops) ...")
                    await open?(url)
                }
            }
            context.write("connected to QuickBooks company \(tokens.realm); the login is saved in \(flow.tokensFile.path)")
            return 0
        }
    }
}

/// How `qbsync connect` opens the authorization page: `xdg-open` when a display is available.
/// Tests bind `open` to a client that follows the page's redirect themselves.
public enum ConnectBrowser {
    /// Replaces the system browser for the task it is bound in.
    @TaskLocal public static var open: (@Sendable (URL) async -> Void)?

    /// `xdg-open URL` (its output discarded) when `DISPLAY` or `WAYLAND_DISPLAY` is set, else nothing.
    static func system(environment: [String: String]) -> (@Sendable (URL) async -> Void)? {
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return nil }
        return { url in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xdg-open", url.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
        }
    }
}
