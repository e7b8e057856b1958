/// Where the Web Connector service gets its work and where the answers go: the desktop load
/// over the journal in the pipeline, an in-memory queue in tests. The service calls it from one
/// exchange at a time, never concurrently, so an implementation needs no locking of its own
/// against the service (it may still share state with other threads).
public protocol WebConnectorWork: AnyObject, Sendable {
    /// Whether anything is waiting for QuickBooks now; `authenticate` answers `none` otherwise.
    func hasWork() -> Bool

    /// The next request message set for this session, `wait` when a set is not ready yet (the
    /// Web Connector is told `NoOp` and asks again in 5 seconds), or `done`.
    func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext

    /// QuickBooks's answer to `request`. Journal it before returning: the Web Connector takes
    /// the reply as the acknowledgement.
    func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance

    /// The request processor refused `request` as a whole (an HRESULT with no answer; after
    /// `0x80040400` nothing ran, after any other the outcome is unknown).
    func takeFailure(hresult: String, message: String, to request: WebConnectorRequest)

    /// `request` was handed out and its answer never came back: a new `authenticate` arrived
    /// while it was outstanding, or the session was closed without it. QuickBooks may have run
    /// it; recover (error recovery, then lookups) before handing out anything new.
    func reportLostAnswer(to request: WebConnectorRequest)

    /// The Web Connector could not open QuickBooks (`connectionError`): the work waits for the
    /// next update, it has not failed.
    func quickBooksUnavailable(hresult: String, message: String)

    /// How many request sets this work holds in all, and how many have been answered: the
    /// percent done the Web Connector shows.
    func progress() -> WebConnectorProgress

    /// Waits at most `timeout` until `nextRequest` would hand out a set or say `done`, and says
    /// whether it now would. The service holds its answer meanwhile, so that a load still
    /// preparing its next set does not cost the Web Connector a `NoOp` and 5 idle seconds.
    /// Called off the event loop and without the service's lock; may block its thread.
    func waitForNext(timeout: Duration) -> Bool
}

extension WebConnectorWork {
    /// Work whose sets are all there from the start never makes anyone wait: `false` at once,
    /// and the service answers as it always did.
    public func waitForNext(timeout: Duration) -> Bool { false }
}

/// One qbXML request message set handed to the Web Connector.
public struct WebConnectorRequest: Sendable, Equatable {
    /// The work's own name for the set (`r0042-3-007`, the set's `newMessageSetID`): it is how
    /// the answer, a failure or a loss is matched back. Never PHI.
    public var id: String
    /// The qbXML request document, as `sendRequestXML` returns it.
    public var qbXML: String

    /// A set called `id` holding `qbXML`.
    public init(id: String, qbXML: String) {
        self.id = id
        self.qbXML = qbXML
    }
}

/// What the work has for a session's `sendRequestXML`.
public enum WebConnectorNext: Sendable, Equatable {
    /// Hand this set to QuickBooks.
    case request(WebConnectorRequest)
    /// Nothing ready yet, more to come: the Web Connector waits and asks again.
    case wait
    /// Nothing left.
    case done
}

/// Whether the work could use an answer.
public enum WebConnectorAcceptance: Sendable, Equatable {
    /// Journaled; go on.
    case accepted
    /// The work cannot go on in this session (the answer shows a failure that stops the run,
    /// or it could not be journaled). `reason` is shown in the Web Connector: no PHI, no secret.
    case stop(reason: String)
}

/// Sets in all and sets answered, for the percent done.
public struct WebConnectorProgress: Sendable, Equatable {
    /// Every request set of the work that this update can hand out, answered ones included.
    public var total: Int
    /// Sets whose answers were taken.
    public var answered: Int

    /// `answered` of `total`.
    public init(total: Int, answered: Int) {
        self.total = total
        self.answered = answered
    }

    /// The percent done `receiveResponseXML` returns: answered over total, at most 99 while
    /// any set is left, 100 when every one is answered.
    public var percentDone: Int {
        guard total > 0, answered < total else { return 100 }
        return min(99, max(0, answered * 100 / total))
    }
}

/// What the work is told about the session asking for a set.
public struct WebConnectorSessionInfo: Sendable, Equatable {
    /// The session's ticket (a GUID, no secret).
    public var ticket: String
    /// The company file the Web Connector has open, as it passed it in `strCompanyFileName`.
    public var companyFile: String
    /// The highest qbXML version the Web Connector and QuickBooks speak (`13.0`).
    public var qbXMLVersion: String
    /// What the check of the host, company and preferences answer read (closing date among them).
    public var company: HostCompanyPreferences
}
