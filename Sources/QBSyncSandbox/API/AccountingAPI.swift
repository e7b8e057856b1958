import Foundation
import QBSyncJSON

/// `/v3/company/{realm}/...`: checks the bearer token (401), the company (403), the throttle
/// (429), then answers batch, query, entity and settings requests from the company's store.
final class AccountingAPI: @unchecked Sendable {
    private let configuration: SandboxConfiguration
    private let oauth: OAuthService
    private let store: CompanyStore
    private let limiter: RateLimiter
    private let faults: FaultInjector

    init(configuration: SandboxConfiguration, oauth: OAuthService, store: CompanyStore, faults: FaultInjector) {
        self.configuration = configuration
        self.oauth = oauth
        self.store = store
        self.limiter = RateLimiter(limits: configuration.limits)
        self.faults = faults
    }

    /// Answers one request whose path starts with `/v3/company/`; injected faults strike where
    /// QuickBooks's own would: expiry before the token check, throttling before the work, a
    /// failure before applying, a dropped connection or a slow answer after.
    func handle(_ request: HTTPRequest, time: Date) -> HTTPResponse {
        let injected = faults.request(expire: oauth.expireAccessTokens)
        guard oauth.isAuthorized(request) else { return FaultResponses.unauthorized() }
        let segments = request.path.split(separator: "/").map(String.init).dropFirst(2)
        guard let realm = segments.first, realm == store.realm else {
            return FaultResponses.forbidden(realm: segments.first ?? "")
        }
        let route = Array(segments.dropFirst())
        if injected.throttle {
            return FaultResponses.throttled(request, time: time, retryAfter: faults.faults.throttleRetryAfter)
        }
        guard limiter.admit(realm: realm, isBatch: route == ["batch"]) else {
            faults.throttledByLimits()
            return FaultResponses.throttled(request, time: time)
        }
        defer { limiter.finish(realm: realm) }
        if let requestID = request.query["requestid"], requestID.count > 36 {
            return FaultResponses.fault(.tooLong("requestid", max: 36, supplied: requestID.count), time: time)
        }
        let write = Self.isWrite(route, request) ? faults.write() : .apply
        if write == .failBeforeApplying { return FaultResponses.unavailable(time: time) }
        var response: HTTPResponse
        do {
            response = try dispatch(route, request, time: time)
        } catch {
            response = FaultResponses.fault(error, time: time)
        }
        if write == .dropAfterApplying { response.dropWithoutAnswer = true }
        if injected.slow { Thread.sleep(forTimeInterval: faults.faults.slowSeconds) }
        guard request.header("accept")?.lowercased().contains("json") != true, let json = response.jsonBody else { return response }
        response.body = Array(XMLRendering.intuitResponse(json).utf8)
        response.setHeader("Content-Type", "application/xml")
        return response
    }

    /// A `POST` that can change the books: a batch or an entity write (a posted query cannot).
    private static func isWrite(_ route: [String], _ request: HTTPRequest) -> Bool {
        request.method == "POST" && route.count == 1 && route[0] != "query"
    }

    /// The `requestid` the store remembers answers under; none when the sandbox is told to forget them.
    private func requestID(_ request: HTTPRequest) -> String? {
        faults.faults.ignoreRequestIDs ? nil : request.query["requestid"]
    }

    /// QuickBooks reads a body only when it is labelled as what it is: JSON for writes and
    /// batches, `application/text` for a posted query. HTTP clients that are not told
    /// otherwise send `application/x-www-form-urlencoded`, which QuickBooks refuses.
    private static func requireContentType(_ request: HTTPRequest, _ expected: String) throws(QBOFault) {
        let type = request.header("content-type")?.lowercased() ?? ""
        guard type.hasPrefix(expected) else {
            var fault = QBOFault(
                code: "415", message: "Unsupported Media Type",
                detail: "Content-Type must be \(expected), not '\(type)'", element: nil)
            fault.status = 415
            throw fault
        }
    }

    private func dispatch(_ route: [String], _ request: HTTPRequest, time: Date) throws(QBOFault) -> HTTPResponse {
        switch (request.method, route.count) {
        case ("POST", 1) where route[0] == "batch":
            return try batch(request, time: time)
        case ("GET", 1) where route[0] == "query", ("POST", 1) where route[0] == "query":
            if request.method == "POST" { try Self.requireContentType(request, "application/text") }
            let text = request.method == "GET" ? request.query["query"] : request.bodyText
            guard let text, !text.isEmpty else { throw .queryParse("the query is empty") }
            let result = try store.read { (state) throws(QBOFault) in try state.runQuery(text, maxQueryResults: self.configuration.limits.maxQueryResults) }
            return Self.answer(["QueryResponse": result], time: time)
        case ("GET", 2) where route[0] == "companyinfo":
            guard route[1] == store.realm else { throw .objectNotFound("CompanyInfo", route[1]) }
            return try settings("CompanyInfo", time: time)
        case ("GET", 1) where route[0] == "preferences":
            return try settings("Preferences", time: time)
        case ("GET", 2):
            let kind = try Self.entity(route[0])
            let object = try store.read { (state) throws(QBOFault) in try state.read(kind, route[1]) }
            return Self.answer([kind.rawValue: object], time: time)
        case ("POST", 1):
            return try write(try Self.entity(route[0]), request, time: time)
        default:
            var fault = QBOFault(
                code: "404", message: "Resource not found",
                detail: "\(request.method) \(request.path) is not a resource the sandbox serves", element: nil)
            fault.status = route.isEmpty ? 404 : (["GET", "POST"].contains(request.method) ? 404 : 405)
            throw fault
        }
    }

    /// `POST batch`: whole-request checks (body, bIds, size), then the items, remembered
    /// under the `requestid` so a retry gets the first answer.
    private func batch(_ request: HTTPRequest, time: Date) throws(QBOFault) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        guard let items = body["BatchItemRequest"]?.arrayValue else { throw .required("BatchItemRequest") }
        guard items.count <= configuration.limits.maxBatchItems else {
            throw .batchTooLarge(items.count, max: configuration.limits.maxBatchItems)
        }
        var seen: Set<String> = []
        for item in items {
            guard let bId = item["bId"]?.stringValue, !bId.isEmpty else { throw .required("BatchItemRequest.bId") }
            guard seen.insert(bId).inserted else { throw .invalidProperty("bId \(bId) appears more than once in the batch", element: "bId") }
            if request.query["requestid"] != nil, bId.count > 10 {
                throw .tooLong("bId (with a requestid)", max: 10, supplied: bId.count)
            }
        }
        let answer = store.perform(requestID: requestID(request)) { state in
            let responses = state.runBatch(items, maxQueryResults: configuration.limits.maxQueryResults)
            return CompanyStore.StoredAnswer(
                status: 200, body: ["BatchItemResponse": .array(responses), "time": .string(Timestamp.response(time))])
        }
        return .json(answer.status, answer.body)
    }

    /// `POST {entity}[?operation=update|delete|void]`: without an operation, a body with an
    /// `Id` updates and one without creates.
    private func write(_ kind: EntityKind, _ request: HTTPRequest, time: Date) throws(QBOFault) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let operation = request.query["operation"] ?? (body["Id"] == nil ? "create" : "update")
        guard ["create", "update", "delete", "void"].contains(operation) else {
            throw .unsupportedOperation(operation, entity: kind.rawValue)
        }
        let answer = store.perform(requestID: requestID(request)) { state in
            do throws(QBOFault) {
                let object: JSONValue
                switch operation {
                case "create": object = try state.create(kind, body)
                case "update": object = try state.update(kind, body)
                case "delete": object = try state.delete(kind, body)
                default: object = try state.void(kind, body)
                }
                return CompanyStore.StoredAnswer(status: 200, body: [kind.rawValue: object, "time": .string(Timestamp.response(time))])
            } catch {
                return CompanyStore.StoredAnswer(status: error.status, body: ["Fault": error.json, "time": .string(Timestamp.response(time))])
            }
        }
        return .json(answer.status, answer.body)
    }

    private func settings(_ name: String, time: Date) throws(QBOFault) -> HTTPResponse {
        let object = try store.read { (state) throws(QBOFault) in
            guard let object = state.singletons[name] else { throw .objectNotFound(name, "1") }
            return object
        }
        return Self.answer([name: object], time: time)
    }

    private static func entity(_ pathName: String) throws(QBOFault) -> EntityKind {
        guard let kind = EntityKind(pathName: pathName) else {
            var fault = QBOFault(
                code: "404", message: "Resource not found", detail: "\(pathName) is not an entity the sandbox serves", element: nil)
            fault.status = 404
            throw fault
        }
        return kind
    }

    private static func jsonBody(_ request: HTTPRequest) throws(QBOFault) -> JSONValue {
        try requireContentType(request, "application/json")
        do {
            return try JSONParser.parse(bytes: request.body)
        } catch {
            throw .invalidProperty("failed to parse json object (\(error)); a property")
        }
    }

    private static func answer(_ members: [String: JSONValue], time: Date) -> HTTPResponse {
        var body = members
        body["time"] = .string(Timestamp.response(time))
        return .json(200, .object(body))
    }
}
