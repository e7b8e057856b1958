import Foundation

/// The QBWebConnectorSvc methods: one state machine per ticket over a `WebConnectorWork`.
/// Exchanges are taken one at a time (the lock spans each call's step of the state machine),
/// because the Web Connector runs one update at a time and the work's journal must see requests
/// and answers in order; a call held for the work's next set waits outside the lock.
public final class WebConnectorService: @unchecked Sendable {
    let settings: WebConnectorSettings
    let work: any WebConnectorWork
    let log: @Sendable (String) -> Void
    let makeTicket: @Sendable () -> String
    private let lock = NSLock()
    var sessions: [String: WebConnectorSession] = [:]

    /// A service over `work`; `log` gets one line per call (method and ticket, never a
    /// password, a request or an answer).
    public init(
        settings: WebConnectorSettings, work: any WebConnectorWork, log: @escaping @Sendable (String) -> Void = { _ in },
        makeTicket: @escaping @Sendable () -> String = { UUID().uuidString }
    ) {
        self.settings = settings
        self.work = work
        self.log = log
        self.makeTicket = makeTicket
    }

    /// Answers one call; throws `SOAPFault` for an unknown method or a missing parameter.
    /// `sendRequestXML` and `receiveResponseXML` may be held (`WebConnectorSettings.answerHold`)
    /// while the work prepares its next set; the lock is not held meanwhile.
    public func answer(_ call: SOAPCall) throws -> SOAPReply {
        let value: SOAPReply.Value
        switch call.method {
        case "sendRequestXML":
            let ticket = try call.required("ticket")
            var request = locked { sendRequest(ticket: ticket, call: call) }
            if request == Self.noOp, work.waitForNext(timeout: settings.answerHold) {
                request = locked { sendRequest(ticket: ticket, call: call) }
            }
            value = .text(request)
        case "receiveResponseXML":
            let ticket = try call.required("ticket")
            var percent = locked {
                receiveResponse(
                    ticket: ticket, response: call.parameters["response"] ?? "", hresult: call.parameters["hresult"] ?? "",
                    message: call.parameters["message"] ?? "")
            }
            // Held until the next set is queued (or the load is over), so the Web Connector's
            // next sendRequestXML finds it instead of a NoOp.
            if (0..<100).contains(percent), work.waitForNext(timeout: settings.answerHold) {
                percent = locked { percentAfterHold(ticket: ticket, held: percent) }
            }
            value = .integer(percent)
        default:
            value = try locked { try answerAtOnce(call) }
        }
        log("qbwc \(call.method)" + (call.parameters["ticket"].map { " ticket \($0.prefix(8))" } ?? ""))
        return SOAPReply(method: call.method, value: value)
    }

    private func answerAtOnce(_ call: SOAPCall) throws -> SOAPReply.Value {
        switch call.method {
        case "serverVersion":
            return .text(settings.serverVersion)
        case "clientVersion":
            return .text(Self.clientVersionAnswer(call.parameters["strVersion"] ?? ""))
        case "authenticate":
            return .strings(authenticate(user: try call.required("strUserName"), password: try call.required("strPassword")))
        case "connectionError":
            return .text(
                connectionError(ticket: try call.required("ticket"), hresult: call.parameters["hresult"] ?? "", message: call.parameters["message"] ?? ""))
        case "getLastError":
            let ticket = try call.required("ticket")
            return .text(sessions[ticket]?.lastError ?? Self.unknownTicket)
        case "closeConnection":
            return .text(closeConnection(ticket: try call.required("ticket")))
        case "getInteractiveURL":
            return .text("")
        case "interactiveRejected":
            return .text("qbsync does not use interactive mode; nothing was changed.")
        case "interactiveDone":
            return .text("Done")
        default:
            throw SOAPFault.client("QBWebConnectorSvc has no method '\(call.method.prefix(40))'.")
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The tickets of sessions still open (for tests and the status line).
    public var openTickets: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(sessions.keys)
    }

    /// `sendRequestXML`'s answer when nothing is ready: the Web Connector waits 5 s.
    static let noOp = "NoOp"

    static let unknownTicket = "qbsync does not know this session (it may have restarted); the next update starts a new one."

    /// The Web Connector 2.x is the one that documents this exchange; 1.x is refused.
    static func clientVersionAnswer(_ version: String) -> String {
        guard let major = version.split(separator: ".").first.flatMap({ Int($0) }) else { return "" }
        return major < 2 ? "O:2.0.0.0" : ""
    }
}

extension SOAPCall {
    /// A parameter the method cannot do without.
    func required(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw SOAPFault.client("\(method) needs the parameter \(name).") }
        return value
    }
}
