import ArgumentParser
import Foundation
import QBSyncSandbox

/// `qbsync sandbox --desktop --connector URL [--every SECONDS] [--data DIR]`: a QuickBooks
/// Desktop look-alike whose Web Connector polls qbsync's service.
struct SandboxDesktopOptions: ParsableArguments {
    @Flag(help: "Be QuickBooks Desktop with its Web Connector instead of QuickBooks Online.")
    var desktop = false

    @Option(help: ArgumentHelp("The Web Connector service to poll (with --desktop).", valueName: "url"))
    var connector: String?

    @Option(help: ArgumentHelp("Seconds between the Web Connector's updates.", valueName: "seconds"))
    var every: Double = 5

    @Option(name: .customLong("lose-answer-every"), help: ArgumentHelp("Lose the answer to every Nth message set QuickBooks ran.", valueName: "n"))
    var loseAnswerEvery: Int?

    @Option(name: .customLong("cut-session-after"), help: ArgumentHelp("Cut each update short after N exchanges.", valueName: "n"))
    var cutSessionAfter: Int?

    @Option(
        name: .customLong("company-faults"),
        help: ArgumentHelp(
            "QuickBooks's own faults, comma-separated: not-running, in-use=N (3175 on the Nth write), lock=N (3176), changed=N (3170), internal-error=N (1000), unavailable=N (1010), unexpected=N (0x80040402 after committing).",
            valueName: "spec"))
    var companyFaults: String?

    func validate() throws {
        guard desktop else {
            if connector != nil || loseAnswerEvery != nil || cutSessionAfter != nil || companyFaults != nil {
                throw ValidationError("--connector, --lose-answer-every, --cut-session-after and --company-faults belong to --desktop.")
            }
            return
        }
        guard let connector, let url = URL(string: connector), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--desktop needs --connector with the Web Connector service's URL, e.g. --connector http://localhost:8124/qbwc.")
        }
        if !(every > 0) { throw ValidationError("--every must be more than 0 seconds.") }
        for (flag, value) in [("--lose-answer-every", loseAnswerEvery), ("--cut-session-after", cutSessionAfter)] {
            if let value, value < 1 { throw ValidationError("\(flag) must be 1 or more.") }
        }
        if let companyFaults {
            do { _ = try DesktopFaults(spec: companyFaults) } catch { throw ValidationError("--company-faults: \(error)") }
        }
    }

    /// Polls until SIGINT or SIGTERM.
    func run(dataDirectory: String?) async throws {
        let environment = CommandEnvironment.current
        guard let password = environment.variables["QBSYNC_QBWC_PASSWORD"], !password.isEmpty else {
            throw ValidationError("QBSYNC_QBWC_PASSWORD is not set: set it to the password 'qbsync webconnector' was started with, then run the sandbox again.")
        }
        let userName = environment.variables["QBSYNC_QBWC_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "qbsync"
        let quickBooks = try SandboxDesktopCompany.make(
            dataDirectory: dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) },
            faults: try companyFaults.map(DesktopFaults.init(spec:)) ?? DesktopFaults(),
            companyFile: environment.variables["QBSYNC_QBD_COMPANY_FILE"] ?? "")
        let connector = SandboxWebConnector(
            url: URL(string: connector ?? "")!, userName: userName, password: password, quickBooks: quickBooks,
            faults: SandboxWebConnectorFaults(loseAnswerEvery: loseAnswerEvery, cutSessionAfter: cutSessionAfter))
        environment.write("qbsync sandbox --desktop: QuickBooks Desktop with \(quickBooks.companyFilePath) open; its Web Connector updates from \(connector.description) every \(every) s. Ctrl-C stops it.")
        let polling = Task {
            await connector.poll(every: .milliseconds(Int(every * 1000))) { environment.write("qbsync sandbox --desktop: \(Self.describe($0))") }
        }
        await Sandbox.waitForTerminationSignal()
        polling.cancel()
        _ = await polling.value
        environment.write("qbsync sandbox --desktop: stopped" + (dataDirectory.map { "; the company is in \($0)" } ?? "."))
    }

    static func describe(_ update: SandboxWebConnectorUpdate) -> String {
        switch update {
        case .finished(let message): return "update done: \(message)"
        case .noWork: return "no work (none)"
        case .busy: return "busy: another qbsync holds the load"
        case .invalidUser: return "the service refused the user name or password (nvu): check QBSYNC_QBWC_USER and QBSYNC_QBWC_PASSWORD"
        case .versionRefused(let text): return "the service refused this Web Connector version: \(text)"
        case .stopped(let lastError): return "update stopped: \(lastError)"
        case .quickBooksNotRunning(let hresult): return "QuickBooks could not be opened (\(hresult))"
        case .answerLost: return "fault: the answer to a message set QuickBooks ran was lost"
        case .cut: return "fault: the update was cut short"
        case .unreachable(let reason): return "the service could not be reached: \(reason)"
        }
    }
}
