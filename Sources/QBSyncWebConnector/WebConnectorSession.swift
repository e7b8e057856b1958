/// One Web Connector update, from `authenticate` to `closeConnection`, under its ticket.
struct WebConnectorSession {
    /// Where the update stands.
    enum State: Equatable {
        /// Authenticated; the first `sendRequestXML` (with the host, company and preferences
        /// answer) has not come yet.
        case authenticated
        /// The company passed its check; no set is out.
        case ready(HostCompanyPreferences)
        /// `request` went to QuickBooks; its answer has not come back.
        case awaitingAnswer(WebConnectorRequest, HostCompanyPreferences)
        /// Every set is answered (or there was no work).
        case finished
        /// The update stopped; `getLastError` shows why.
        case failed
        /// `connectionError` said QuickBooks could not be opened.
        case noQuickBooks
    }

    /// The session's ticket.
    let ticket: String
    var state: State
    /// What `getLastError` answers: no PHI, no secret.
    var lastError = ""
    /// Sets answered in this update, for `closeConnection`'s text.
    var answered = 0

    /// The request out, if any.
    var outstanding: WebConnectorRequest? {
        if case .awaitingAnswer(let request, _) = state { return request }
        return nil
    }
}
