import Foundation

extension SandboxWebConnector {
    /// The request and answer round trips of one update, until 100 percent, an error or a fault.
    func exchange(ticket: String) async throws -> SandboxWebConnectorUpdate {
        var first = true
        var exchanges = 0
        while true {
            // Only the first call of an update carries the host, company and preferences answer.
            let request = try await call(
                "sendRequestXML",
                [
                    ("ticket", ticket), ("strHCPResponse", first ? quickBooks.hostCompanyPreferencesResponse() : ""),
                    ("strCompanyFileName", quickBooks.companyFilePath), ("qbXMLCountry", "US"),
                    ("qbXMLMajorVers", "13"), ("qbXMLMinorVers", "0"),
                ]
            ).text
            first = false
            if request == "NoOp" {
                try await Task.sleep(for: noOpWait)
                continue
            }
            if request.isEmpty { return try await stop(ticket: ticket) }
            let answer = quickBooks.process(request)
            if losesAnswer() { return .answerLost }
            let (response, hresult, message): (String, String, String)
            switch answer {
            case .response(let text): (response, hresult, message) = (text, "", "")
            case .failure(let code, let text): (response, hresult, message) = ("", code, text)
            }
            let percentText = try await call(
                "receiveResponseXML", [("ticket", ticket), ("response", response), ("hresult", hresult), ("message", message)]
            ).text
            exchanges += 1
            guard let percent = Int(percentText.trimmingCharacters(in: .whitespaces)) else {
                throw SOAPClient.Failure(description: "receiveResponseXML answered '\(percentText.prefix(20))', not a percent")
            }
            if percent < 0 { return try await stop(ticket: ticket) }
            if percent >= 100 {
                return .finished(message: try await call("closeConnection", [("ticket", ticket)]).text)
            }
            if let cut = faults.cutSessionAfter, exchanges >= cut { return .cut }
        }
    }

    /// `getLastError`, then `closeConnection`; `NoOp` would mean wait and ask again, which the
    /// caller's next round does.
    private func stop(ticket: String) async throws -> SandboxWebConnectorUpdate {
        let lastError = try await call("getLastError", [("ticket", ticket)]).text
        _ = try await call("closeConnection", [("ticket", ticket)])
        return .stopped(lastError: lastError)
    }

    /// Counts a processed set; true when this one's answer is to be lost.
    private func losesAnswer() -> Bool {
        lock.withLock {
            processed += 1
            guard let every = faults.loseAnswerEvery, every > 0 else { return false }
            return processed % every == 0
        }
    }

    /// One SOAP call, logged without its qbXML.
    func call(_ method: String, _ parameters: [(String, String)]) async throws -> SOAPClient.Result {
        let result = try await client.call(method, parameters)
        let shown: String
        switch (method, result) {
        case ("sendRequestXML", .text(let text)): shown = text.isEmpty || text == "NoOp" ? text : "qbXML"
        case (_, .strings(let strings)): shown = strings.joined(separator: "|")
        case (_, .text(let text)): shown = text
        }
        lock.withLock { log.append(SandboxWebConnectorCall(method: method, result: shown)) }
        return result
    }
}
