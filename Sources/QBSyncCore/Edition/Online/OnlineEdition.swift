import Foundation
import QBSyncJSON

/// QuickBooks Online plugged into the load: the plan's bodies are already its wire format, a
/// request is one `BatchItemRequest` posted through the QuickBooks client (`QuickBooksAPI`:
/// tokens, pacing, throttling), and an answer is read item by item by `bId`.
public struct OnlineEdition: BooksEdition {
    /// The transport: the live client over HTTP, or a test's stand-in.
    public let api: QuickBooksAPI

    public init(api: QuickBooksAPI) { self.api = api }

    public var edition: Edition { .online }
    public var requestFileExtension: String { "json" }

    public func placeholders(in body: JSONValue) -> [String] {
        var keys: [String] = []
        Placeholder.visit(body) { keys.append($0) }
        return keys
    }

    public func fill(_ body: JSONValue, with values: [String: String]) -> JSONValue {
        Placeholder.map(body) { values[$0] }
    }

    /// Bodies that carry nothing but these say only whether the object is active.
    static let flagMembers: Set<String> = ["Id", "SyncToken", "sparse", "Active"]

    public func facts(of body: JSONValue, entity: String) -> PlannedBodyFacts {
        PlannedBodyFacts(
            versionToken: body["SyncToken"]?.stringValue, marker: body["PrivateNote"]?.stringValue,
            date: body["TxnDate"]?.stringValue, documentNumber: body["DocNumber"]?.stringValue,
            onlyActiveFlag: (body.objectValue.map { Set($0.keys) } ?? []).isSubset(of: Self.flagMembers))
    }

    public func prepare(_ items: [RequestItem], batch: String, run: String) async throws -> [PreparedItem] {
        let payments = items.filter { $0.operation.entity == "Payment" }
        // Read once per attempt: an earlier attempt may have applied some of it.
        var settlement = try await PaymentSettlement.prepare(
            payments.map { ($0.operation.operation, $0.body) }, batch: batch, run: run, api: api)
        return items.map { item in
            guard item.operation.entity == "Payment" else { return PreparedItem(item: item, body: item.body) }
            let settled = settlement.settle(item.body, operation: item.operation.operation)
            return PreparedItem(item: item, body: settled.body, unappliedCents: settled.unapplied)
        }
    }

    public func request(for items: [RequestItem]) throws -> BooksRequest {
        let body: JSONValue = [
            "BatchItemRequest": .array(
                items.map { ["bId": .string($0.tag), "operation": .string($0.operation.operation), $0.operation.entity: $0.body] })
        ]
        return BooksRequest(bytes: JSONWriter.prettyData(body), body: body)
    }

    public func deliver(_ request: BooksRequest, requestID: String) async throws -> BooksAnswer {
        let body = try request.body ?? JSONParser.parse(String(decoding: request.bytes, as: UTF8.self))
        let exchange = try await api.batch(body, requestID: requestID)
        return BooksAnswer(status: exchange.status, bytes: exchange.responseBytes, trace: exchange.intuitTID, decoded: exchange.response)
    }

    public func read(_ answer: BooksAnswer, for items: [RequestItem]) -> [String: OperationOutcome] {
        let response = answer.decoded ?? (try? JSONParser.parse(String(decoding: answer.bytes, as: UTF8.self))) ?? .null
        let answers = QBOExchange.items(of: response)
        let faults = QBOFault.batchItemFaults(in: response)
        let topFault = QBOFault.topLevel(in: response)
        var outcomes: [String: OperationOutcome] = [:]
        for item in items {
            guard let itemAnswer = answers[item.tag] else {
                outcomes[item.tag] = .fault(
                    RemoteFault(
                        code: topFault?.code ?? "no-answer",
                        message: topFault?.message ?? "QuickBooks answered without this operation (HTTP \(answer.status))",
                        detail: topFault?.detail))
                continue
            }
            if let fault = faults[item.tag] {
                outcomes[item.tag] = .fault(RemoteFault(code: fault.code, message: fault.message, detail: fault.detail, element: fault.element))
            } else if let object = itemAnswer[item.operation.entity] {
                outcomes[item.tag] = Self.record(object).map(OperationOutcome.applied)
                    ?? .fault(RemoteFault(code: "no-id", message: "QuickBooks's answer has no Id"))
            } else {
                outcomes[item.tag] = .fault(RemoteFault(code: "no-entity", message: "QuickBooks's answer has no \(item.operation.entity)"))
            }
        }
        return outcomes
    }

    public func find(_ lookups: [Lookup]) async throws -> [String: [RemoteRecord]] {
        try await LookupBatch.find(lookups, api: api).mapValues { $0.compactMap(Self.record) }
    }

    public func lookup(entity: String, id: String) -> Lookup { Lookup(entity: entity, field: "Id", value: id) }

    public func accountLookup(name: String) -> Lookup { Lookup(entity: "Account", field: "Name", value: name) }

    /// A SyncToken is a counter: one higher than the one sent means the update applied.
    public func versionMoved(_ current: String, pastSent sent: String) -> Bool {
        guard let current = Int(current), let sent = Int(sent) else { return false }
        return current > sent
    }

    public func company() async throws -> CompanyFacts? {
        guard try await api.query("select * from CompanyInfo").first != nil else { return nil }
        let preferences = try await api.query("select * from Preferences").first
        return CompanyFacts(closeDate: preferences?["AccountingInfoPrefs"]?["BookCloseDate"]?.stringValue)
    }

    public func rememberRecentSends(finishedAt times: [Date]) async {
        await api.rememberRecentBatches(finishedAt: times)
    }

    /// An Online object in the ledger's words; nil without an `Id`.
    static func record(_ object: JSONValue) -> RemoteRecord? {
        guard let id = object["Id"]?.stringValue else { return nil }
        return RemoteRecord(
            id: id, versionToken: object["SyncToken"]?.stringValue, documentNumber: object["DocNumber"]?.stringValue,
            name: object["DisplayName"]?.stringValue ?? object["Name"]?.stringValue, totalCents: object["TotalAmt"]?.centsValue,
            active: object["Active"]?.boolValue != false, marker: object["PrivateNote"]?.stringValue)
    }
}
