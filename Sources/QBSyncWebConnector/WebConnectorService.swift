import Foundation

/// The QBWebConnectorSvc methods: one state machine per ticket over a `WebConnectorWork`.
/// Exchanges are taken one at a time (the lock spans each whole call), because the Web Connector
/// runs one update at a time and the work's journal must see requests and answers in order.
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
    public func answer(_ call: SOAPCall) throws -> SOAPReply {
        lock.lock()
        defer { lock.unlock() }
        let value: SOAPReply.Value
        switch call.method {
        case "serverVersion":
            value = .text(settings.serverVersion)
        case "clientVersion":
            value = .text(Self.clientVersionAnswer(call.parameters["strVersion"] ?? ""))
        case "authenticate":
            value = .strings(authenticate(user: try call.required("strUserName"), password: try call.required("strPassword")))
        case "sendRequestXML":
            value = .text(sendRequest(ticket: try call.required("ticket"), call: call))
        case "receiveResponseXML":
            value = .integer(
                receiveResponse(
                    ticket: try call.required("ticket"), response: call.parameters["response"] ?? "",
                    hresult: call.parameters["hresult"] ?? "", message: call.parameters["message"] ?? ""))
        case "connectionError":
            value = .text(connectionError(ticket: try call.required("ticket"), hresult: call.parameters["hresult"] ?? "", message: call.parameters["message"] ?? ""))
        case "getLastError":
            let ticket = try call.required("ticket")
            value = .text(sessions[ticket]?.lastError ?? Self.unknownTicket)
        case "closeConnection":
            value = .text(closeConnection(ticket: try call.required("ticket")))
        case "getInteractiveURL":
            value = .text("")
        case "interactiveRejected":
            value = .text("qbsync does not use interactive mode; nothing was changed.")
        case "interactiveDone":
            value = .text("Done")
        default:
            throw SOAPFault.client("QBWebConnectorSvc has no method '\(call.method.prefix(40))'.")
        }
        log("qbwc \(call.method)" + (call.parameters["ticket"].map { " ticket \($0.prefix(8))" } ?? ""))
        return SOAPReply(method: call.method, value: value)
    }

    /// The tickets of sessions still open (for tests and the status line).
    public var openTickets: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(sessions.keys)
    }

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
