/// What the sandbox's Web Connector does wrong on purpose, so a trial meets what a clinic's
/// network and a person at the Windows computer cause.
public struct SandboxWebConnectorFaults: Sendable, Equatable {
    /// Every Nth message set QuickBooks processes, its answer never reaches the service: the
    /// update breaks off there, and the service's next sight of the Web Connector is a new
    /// `authenticate` (QuickBooks did run the set).
    public var loseAnswerEvery: Int?
    /// Each update is cut short after this many exchanges (request and answer), as when a person
    /// closes the Web Connector: no `closeConnection`, the next update goes on.
    public var cutSessionAfter: Int?

    /// No faults unless given.
    public init(loseAnswerEvery: Int? = nil, cutSessionAfter: Int? = nil) {
        self.loseAnswerEvery = loseAnswerEvery
        self.cutSessionAfter = cutSessionAfter
    }
}

/// How one update of the sandbox's Web Connector ended.
public enum SandboxWebConnectorUpdate: Sendable, Equatable {
    /// Every set was answered; `closeConnection` said `message`.
    case finished(message: String)
    /// `authenticate` answered `none`, `busy` or `nvu`.
    case noWork, busy, invalidUser
    /// `clientVersion` said stop (`E:` or `O:`).
    case versionRefused(String)
    /// The update stopped with `getLastError`'s text.
    case stopped(lastError: String)
    /// QuickBooks could not be opened: `connectionError` was called.
    case quickBooksNotRunning(hresult: String)
    /// A fault: the answer to a processed set was dropped.
    case answerLost
    /// A fault: the update was cut short after its exchanges.
    case cut
    /// The service could not be reached or answered something that is not SOAP.
    case unreachable(String)
}

/// One call of an update and what it answered, as QBWC's log would show it (without qbXML).
public struct SandboxWebConnectorCall: Sendable, Equatable {
    /// The method called.
    public var method: String
    /// Its result: text, a percent, or the array's strings joined by `|`.
    public var result: String
}
