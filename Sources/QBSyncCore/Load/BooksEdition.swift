import Foundation
import QBSyncJSON

/// What an edition of QuickBooks plugs into the load. The poster (`BatchPoster`) decides what to
/// send, journals it, settles uncertain outcomes and keeps the ledger; the edition knows the wire:
/// how placeholders sit in a planned body, how operations become one request, how a request
/// reaches QuickBooks and how its answer reads.
///
/// `deliver` is the only call that waits on QuickBooks, so it fits a push (Online: an HTTP POST
/// of a batch) as well as a pull (Desktop: the message set is handed to the Web Connector
/// session, and the call returns when QuickBooks's `receiveResponseXML` brings the answer).
/// Failures are `QuickBooksAPIFailure`s, whatever the transport, so the poster's dispositions
/// (retry later, uncertain, login needed, refused) are the same for every edition.
public protocol BooksEdition: Sendable {
    /// Which QuickBooks this is; recorded with every object in the ledger's map.
    var edition: Edition { get }
    /// How a request file in `3-load/requests/` is named after its batch (`json`, `xml`).
    var requestFileExtension: String { get }

    /// The body of `operation` the edition reads, resolves and sends (Online: the plan's JSON
    /// body; Desktop: its qbXML request).
    func plannedBody(of operation: PlannedOperation) -> JSONValue
    /// The keys of the placeholders in a planned body (`customer patient:12`, `account Sales`,
    /// `synctoken customer patient:12`), in the order they appear.
    func placeholders(in body: JSONValue) -> [String]
    /// `body` with each placeholder replaced by `values[key]`.
    func fill(_ body: JSONValue, with values: [String: String]) -> JSONValue
    /// What the poster needs to know of a planned (or resolved) body.
    func facts(of body: JSONValue, entity: String) -> PlannedBodyFacts

    /// Adjusts resolved operations to what QuickBooks holds just before they are sent (Online:
    /// payments applied within the open balances). Called once per request attempt; an item
    /// whose `body` comes back nil is not sent (its `note` says why).
    func prepare(_ items: [RequestItem], batch: String, run: String) async throws -> [PreparedItem]
    /// One request holding `items`, each tagged by its `tag` so its answer can be matched.
    func request(for items: [RequestItem]) throws -> BooksRequest
    /// The same, knowing which run, batch and attempt it is: Desktop derives the message set's
    /// `newMessageSetID` from them and leak-checks the final set against the run's extract.
    func request(for items: [RequestItem], run: String, batch: String, attempt: Int) throws -> BooksRequest
    /// Delivers `request` (with its stable id, the same for a resend of the same bytes) and
    /// waits for QuickBooks's answer.
    func deliver(_ request: BooksRequest, requestID: String) async throws -> BooksAnswer
    /// Each sent item's outcome, by tag: never by position.
    func read(_ answer: BooksAnswer, for items: [RequestItem]) -> [String: OperationOutcome]
    /// What QuickBooks itself kept of a request whose answer was lost (`request` is its exact
    /// bytes, sent as `attempt` of `batch`): the stored answer, or nil when QuickBooks keeps
    /// none (Online never does; Desktop answers a status check with `oldMessageSetID`), in
    /// which case the poster looks the documents up before sending anything again.
    func storedAnswer(to request: [UInt8], run: String, batch: String, attempt: Int) async throws -> BooksAnswer?
    /// Whether QuickBooks may keep answers for `storedAnswer` (Desktop's error recovery).
    var recoversLostAnswers: Bool { get }

    /// Makes `object`, which QuickBooks holds inactive (`current`), active again, as a request of
    /// its own; returns it as QuickBooks now holds it, or nil when the edition cannot (Online:
    /// its references are checked before the load instead).
    func reactivate(_ object: BooksObject, current: RemoteRecord, run: String, batch: String) async throws -> RemoteRecord?
    /// The objects found for each lookup, by its `foundKey`; nothing found is an empty list.
    func find(_ lookups: [Lookup]) async throws -> [String: [RemoteRecord]]
    /// How an object already in QuickBooks is looked up by its id.
    func lookup(entity: String, id: String) -> Lookup
    /// How an account is looked up by its name.
    func accountLookup(name: String) -> Lookup
    /// Whether an object's version token moved past the one an update was sent with, i.e. the
    /// update applied (Online's SyncToken counts up; Desktop's EditSequence is opaque: it differs).
    func versionMoved(_ current: String, pastSent sent: String) -> Bool
    /// The company's details, or nil when QuickBooks answered without them (a wrong company).
    func company() async throws -> CompanyFacts?
    /// The edition's first step of a load, before any batch (Desktop: the accounts the pipeline
    /// maps to that a new company lacks are created). Returns what it created, for the journal.
    func firstStep(settings: PipelineSettings) async throws -> [String]
    /// Requests an earlier load of the company sent (by when each ended), still counted by
    /// QuickBooks against its limits.
    func rememberRecentSends(finishedAt times: [Date]) async
}

extension BooksEdition {
    public func rememberRecentSends(finishedAt times: [Date]) async {}
    public func firstStep(settings: PipelineSettings) async throws -> [String] { [] }
    public func plannedBody(of operation: PlannedOperation) -> JSONValue { operation.body }
    public func request(for items: [RequestItem], run: String, batch: String, attempt: Int) throws -> BooksRequest {
        try request(for: items)
    }
    public func versionMoved(_ current: String, pastSent sent: String) -> Bool { current != sent }
    public func storedAnswer(to request: [UInt8], run: String, batch: String, attempt: Int) async throws -> BooksAnswer? { nil }
    public var recoversLostAnswers: Bool { false }
    public func reactivate(_ object: BooksObject, current: RemoteRecord, run: String, batch: String) async throws -> RemoteRecord? { nil }
}

/// What the company says before a load: its closing date, if the books are closed.
public struct CompanyFacts: Sendable, Equatable {
    /// `YYYY-MM-DD`: no document dated on or before it may be posted.
    public var closeDate: String?

    public init(closeDate: String? = nil) { self.closeDate = closeDate }
}

/// The facts of a planned body the poster decides with, read by the edition.
public struct PlannedBodyFacts: Sendable, Equatable {
    /// The version token the body is sent with (an update, void or delete), once resolved.
    public var versionToken: String?
    /// The marker a document carries so a lookup can tell it is ours (`qbsync sale:1042`).
    public var marker: String?
    /// The document's date (`YYYY-MM-DD`), checked against the closing date.
    public var date: String?
    /// The document number people see.
    public var documentNumber: String?
    /// True when the body only makes the object active or inactive: it says nothing else about it.
    public var onlyActiveFlag: Bool

    public init(
        versionToken: String? = nil, marker: String? = nil, date: String? = nil, documentNumber: String? = nil,
        onlyActiveFlag: Bool = false
    ) {
        self.versionToken = versionToken
        self.marker = marker
        self.date = date
        self.documentNumber = documentNumber
        self.onlyActiveFlag = onlyActiveFlag
    }
}

extension Lookup {
    /// How `BooksEdition.find` keys what it found for this lookup.
    public var foundKey: String { "\(entity)\u{1F}\(field)\u{1F}\(value)" }
}
