import Foundation
import Logging
import QBSyncJSON

/// The QuickBooks Online Accounting API as the load stage uses it: batch, query and read, with the
/// OAuth tokens, pacing and retry rules handled inside.
///
/// - Tokens: refreshed when missing or within a minute of expiry, one refresh at a time; the rotated
///   refresh token is saved to `tokens.json` before the new access token is used. A 401 causes one
///   refresh and one resend of the same request.
/// - Retries: a throttled request (429) waits (`Retry-After` when given, else backoff) and is sent
///   again unchanged, with the same `requestid`. A write whose fate is unknown (5xx, or a lost answer
///   after sending) is never resent here: it throws `QBOClientError.uncertainOutcome`.
/// - Pacing: every request passes a `RequestPacer`, so a normal run stays under QuickBooks's limits.
///
/// Errors say what to do through `QBOClientError.disposition`.
public actor QBOClient {
    /// The company and endpoints this client talks to.
    public nonisolated let connection: QBOConnection
    /// The retry rules in force.
    public nonisolated let retryPolicy: RetryPolicy

    let transport: any HTTPTransport
    let tokenStore: TokenStore
    let seedRefreshToken: Secret?
    let clock: any QBOClock
    let logger: Logger
    let pacer: RequestPacer
    let oauth: OAuthTokenClient

    /// The tokens last read or written; the file is the truth, this saves reading it every call.
    var tokens: StoredTokens?
    /// The refresh in progress, which every caller needing fresh tokens awaits.
    var refreshTask: Task<StoredTokens, Error>?

    /// A client.
    ///
    /// - Parameters:
    ///   - seedRefreshToken: `QBSYNC_REFRESH_TOKEN`; used only while the workspace has no `tokens.json`.
    ///   - pacer: share one between clients of the same company; by default each client has its own.
    public init(
        connection: QBOConnection,
        transport: any HTTPTransport = URLSessionTransport(),
        tokenStore: TokenStore,
        seedRefreshToken: Secret? = nil,
        clock: any QBOClock = SystemClock(),
        logger: Logger = Logger(label: "qbsync.qbo"),
        retryPolicy: RetryPolicy = .standard,
        pacer: RequestPacer? = nil
    ) {
        self.connection = connection
        self.transport = transport
        self.tokenStore = tokenStore
        self.seedRefreshToken = seedRefreshToken.flatMap { $0.isEmpty ? nil : $0 }
        self.clock = clock
        self.logger = logger
        self.retryPolicy = retryPolicy
        self.pacer = pacer ?? RequestPacer(clock: clock)
        self.oauth = OAuthTokenClient(
            connection: connection, transport: transport, clock: clock, retryPolicy: retryPolicy, logger: logger)
    }

    /// Posts a batch (`{"BatchItemRequest":[...]}`) with `requestID` as its `requestid`, the same on
    /// every attempt, and returns the exchange whatever the per-item outcomes; per-item faults are
    /// in `QBOExchange.itemFaults`.
    ///
    /// `requestID`: at most 36 characters of `A-Z a-z 0-9 - . _ ~`, unique per company and batch.
    public func batch(_ body: JSONValue, requestID: String) async throws -> QBOExchange {
        try Self.checkRequestID(requestID)
        guard body["BatchItemRequest"]?.arrayValue != nil else {
            throw QBOClientError.invalidRequest(reason: "a batch body needs a \"BatchItemRequest\" array")
        }
        let call = APICall(
            operation: "batch requestid=\(requestID)", method: "POST", url: connection.batchURL(requestID: requestID),
            body: JSONWriter.prettyData(body), requestID: requestID, kind: .batch, writes: true)
        return try await perform(call)
    }

    /// Runs a query (`SELECT * FROM Invoice WHERE DocNumber = '1042'`) and returns the entities of
    /// the one page QuickBooks answers with (at most 1,000; use STARTPOSITION for more).
    public func query(_ statement: String) async throws -> [JSONValue] {
        let call = APICall(
            operation: "query on \(Self.queriedEntity(statement))", method: "GET",
            url: connection.queryURL(statement: statement), body: [], requestID: nil, kind: .single, writes: false)
        let exchange = try await perform(call)
        guard let response = exchange.json["QueryResponse"]?.objectValue else {
            throw QBOClientError.invalidResponse(
                operation: call.operation, status: exchange.status, reason: "no QueryResponse in the answer",
                intuitTID: exchange.intuitTID)
        }
        let lists = response.keys.sorted().compactMap { response[$0]?.arrayValue }
        return lists.flatMap { $0 }
    }

    /// Reads one entity (`Customer`, `Invoice`...) by id; nil when QuickBooks says it does not exist
    /// (HTTP 404 or fault 610).
    public func read(entity: String, id: String) async throws -> JSONValue? {
        guard !entity.isEmpty, entity.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw QBOClientError.invalidRequest(reason: "'\(entity)' is not a QuickBooks entity name")
        }
        guard !id.isEmpty else { throw QBOClientError.invalidRequest(reason: "an entity id is empty") }
        let call = APICall(
            operation: "read \(entity) \(id)", method: "GET", url: connection.readURL(entity: entity, id: id),
            body: [], requestID: nil, kind: .single, writes: false)
        do {
            let exchange = try await perform(call)
            guard let value = exchange.json[entity] else {
                throw QBOClientError.invalidResponse(
                    operation: call.operation, status: exchange.status, reason: "no \(entity) in the answer",
                    intuitTID: exchange.intuitTID)
            }
            return value
        } catch QBOClientError.refused(_, let status, let fault, _) where status == 404 || fault?.numericCode == 610 {
            return nil
        }
    }

    /// Refuses request ids QuickBooks would not accept.
    static func checkRequestID(_ id: String) throws {
        let allowed = id.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")].contains(byte)
        }
        guard !id.isEmpty, id.utf8.count <= 36, allowed else {
            throw QBOClientError.invalidRequest(
                reason: "the request id '\(id)' must be 1 to 36 characters of letters, digits, '-', '.', '_' or '~'")
        }
    }

    /// The entity a query reads (the word after FROM), for messages that must not quote the
    /// statement itself: its WHERE clause can hold a customer's name.
    static func queriedEntity(_ statement: String) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard let index = words.firstIndex(where: { $0.lowercased() == "from" }), index + 1 < words.count else {
            return "QuickBooks"
        }
        let entity = words[index + 1]
        return entity.allSatisfy({ $0.isLetter || $0.isNumber }) ? String(entity) : "QuickBooks"
    }
}

/// One API call as the retry loop sees it.
struct APICall: Sendable {
    /// For messages and logs: never holds a token or customer data.
    var operation: String
    var method: String
    var url: URL
    var body: [UInt8]
    var requestID: String?
    var kind: RequestPacer.Kind
    /// True when the call can change the books, so that a lost answer is uncertain.
    var writes: Bool
}
