/// The steps of one update. Called with the service's lock held; never wait in here.
extension WebConnectorService {
    /// `[ticket, nvu | none | busy | company file]`. A valid login first ends every earlier
    /// session: the Web Connector runs one update at a time, so an earlier one still waiting for
    /// an answer has lost it, and the work is told before anything new is handed out.
    func authenticate(user: String, password: String) -> [String] {
        let ticket = makeTicket()
        // Both are compared, always, so the time taken says nothing about which one was wrong.
        let userMatches = ConstantTime.equals(user, settings.userName)
        let passwordMatches = ConstantTime.equals(password, settings.password)
        guard userMatches && passwordMatches else {
            log("qbwc authenticate refused: wrong user name or password")
            return [ticket, "nvu"]
        }
        for (oldTicket, session) in sessions {
            if let request = session.outstanding {
                log("qbwc answer to \(request.id) lost: a new update began while it was outstanding")
                work.reportLostAnswer(to: request)
            }
            sessions[oldTicket] = nil
        }
        if settings.loadLockHeldElsewhere() {
            sessions[ticket] = WebConnectorSession(
                ticket: ticket, state: .finished,
                lastError: "Another qbsync process is loading into QuickBooks now; the next update goes on.")
            return [ticket, "busy"]
        }
        guard work.hasWork() else {
            sessions[ticket] = WebConnectorSession(ticket: ticket, state: .finished, lastError: "qbsync has nothing for QuickBooks now.")
            return [ticket, "none"]
        }
        sessions[ticket] = WebConnectorSession(ticket: ticket, state: .authenticated)
        return [ticket, settings.companyFile]
    }

    /// The next set's qbXML, `NoOp` to wait, or `""` (the Web Connector then asks `getLastError`).
    func sendRequest(ticket: String, call: SOAPCall) -> String {
        guard var session = sessions[ticket] else { return "" }
        defer { sessions[ticket] = session }
        let company: HostCompanyPreferences
        switch session.state {
        case .authenticated:
            // Nothing is asked of the work before the company passed: a wrong file gets nothing.
            let answer = HostCompanyPreferences(
                hcpResponse: call.parameters["strHCPResponse"] ?? "", companyFile: call.parameters["strCompanyFileName"] ?? "")
            if case .refuse(let reason) = settings.companyCheck.check(answer) {
                log("qbwc company refused: nothing handed out")
                session.state = .failed
                session.lastError = reason
                return ""
            }
            company = answer
        case .ready(let answer):
            company = answer
        case .awaitingAnswer(let request, _):
            // A second sendRequestXML without an answer in between: the first answer is gone.
            work.reportLostAnswer(to: request)
            session.state = .failed
            session.lastError = "qbsync did not receive QuickBooks's answer to message set \(request.id); it will recover it at the next update."
            return ""
        case .finished:
            session.lastError = "qbsync has nothing more to send in this update."
            return ""
        case .failed, .noQuickBooks:
            return ""
        }
        let version = "\(call.parameters["qbXMLMajorVers"] ?? "13").\(call.parameters["qbXMLMinorVers"] ?? "0")"
        let info = WebConnectorSessionInfo(ticket: ticket, companyFile: company.companyFile, qbXMLVersion: version, company: company)
        switch work.nextRequest(for: info) {
        case .request(let request):
            session.state = .awaitingAnswer(request, company)
            log("qbwc handed out \(request.id)")
            return request.qbXML
        case .wait:
            session.state = .ready(company)
            return Self.noOp
        case .done:
            session.state = .finished
            session.lastError = "qbsync has nothing more to send in this update."
            return ""
        }
    }

    /// Percent done, or -1 when the update must stop (`getLastError` says why).
    func receiveResponse(ticket: String, response: String, hresult: String, message: String) -> Int {
        guard var session = sessions[ticket] else { return -1 }
        defer { sessions[ticket] = session }
        guard case .awaitingAnswer(let request, let company) = session.state else {
            session.lastError = "qbsync was not waiting for an answer in this session; the next update goes on where this one stopped."
            session.state = .failed
            return -1
        }
        if !hresult.isEmpty {
            // QuickBooks's message may quote the request: it stays with the work, not in the text.
            work.takeFailure(hresult: hresult, message: message, to: request)
            session.state = .failed
            session.lastError = Self.failureText(hresult: hresult, set: request.id)
            log("qbwc \(request.id) failed with \(hresult.prefix(12))")
            return -1
        }
        switch work.takeAnswer(response, to: request) {
        case .accepted:
            session.answered += 1
            let percent = work.progress().percentDone
            session.state = percent >= 100 ? .finished : .ready(company)
            return percent
        case .stop(let reason):
            session.state = .failed
            session.lastError = reason
            return -1
        }
    }

    /// The percent done once a held `receiveResponseXML` is released: 100 when the load ended
    /// meanwhile (the Web Connector then closes the update), else still below it. A session
    /// that changed while held keeps the percent it had.
    func percentAfterHold(ticket: String, held: Int) -> Int {
        guard var session = sessions[ticket], case .ready = session.state else { return held }
        let percent = work.progress().percentDone
        if percent >= 100 {
            session.state = .finished
            sessions[ticket] = session
        }
        return percent
    }

    /// QuickBooks could not be opened: the work waits for the next update. `done` stops the
    /// Web Connector from trying other files: qbsync asked for the one it wants.
    func connectionError(ticket: String, hresult: String, message: String) -> String {
        // Only a logged-in session speaks for QuickBooks; anyone else's word changes nothing.
        guard var session = sessions[ticket] else { return "done" }
        work.quickBooksUnavailable(hresult: hresult, message: message)
        session.state = .noQuickBooks
        session.lastError = "The Web Connector could not open QuickBooks (\(hresult.prefix(12))). Open QuickBooks with the clinic's company file on this computer; qbsync waits and goes on at the next update."
        sessions[ticket] = session
        return "done"
    }

    /// Ends the session; the text shows in the Web Connector's status column.
    func closeConnection(ticket: String) -> String {
        guard let session = sessions.removeValue(forKey: ticket) else { return "OK" }
        if let request = session.outstanding {
            log("qbwc answer to \(request.id) lost: the session closed while it was outstanding")
            work.reportLostAnswer(to: request)
            return "qbsync did not receive QuickBooks's answer to message set \(request.id); it will recover it at the next update."
        }
        switch session.state {
        case .failed, .noQuickBooks: return session.lastError
        case .finished where session.answered == 0 && !session.lastError.isEmpty: return session.lastError
        default:
            let progress = work.progress()
            let left = max(0, progress.total - progress.answered)
            return "OK: qbsync took \(session.answered) answer" + (session.answered == 1 ? "" : "s")
                + (left > 0 ? "; \(left) message set\(left == 1 ? "" : "s") left for the next update." : ".")
        }
    }

    /// `getLastError`'s text after the request processor refused a set.
    static func failureText(hresult: String, set: String) -> String {
        let code = String(hresult.prefix(12))
        if code.lowercased() == "0x80040400" {
            return "QuickBooks could not read qbsync's message set \(set) (\(code)) and ran none of it. Nothing was posted; report it to whoever supports qbsync."
        }
        return "QuickBooks failed on qbsync's message set \(set) (\(code)); qbsync checks what it posted at the next update before sending anything again."
    }
}
