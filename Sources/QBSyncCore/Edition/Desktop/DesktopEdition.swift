import Foundation
import QBSyncJSON
import QBSyncXML

/// QuickBooks Desktop plugged into the load. A planned operation is one qbXML request (the
/// transform's `.qbxml` sets); a request is one message set with its own `newMessageSetID`,
/// leak-checked as the final bytes and handed to the `DesktopTransport` (the Web Connector);
/// an answer is read request by request by `requestID`, with `DesktopStatus` deciding each code.
public struct DesktopEdition: BooksEdition {
    public let transport: any DesktopTransport
    /// The workspace whose runs' extracts the leak check compares the final sets with; nil
    /// when redaction is off.
    public let leakCheckWorkspace: URL?
    let leakChecks = LeakCheckCache()

    public init(transport: any DesktopTransport, leakCheckWorkspace: URL?) {
        self.transport = transport
        self.leakCheckWorkspace = leakCheckWorkspace
    }

    public var edition: Edition { .desktop }
    public var requestFileExtension: String { "qbxml" }
    public var recoversLostAnswers: Bool { true }

    /// A Desktop operation's body is its qbXML request; the review's JSON reading stays for people.
    public func plannedBody(of operation: PlannedOperation) -> JSONValue {
        operation.qbxml.map(QBXMLBody.json) ?? operation.body
    }

    /// The keys to resolve, in the resolver's words: `@editsequence <key>` asks for the object's
    /// version token (`synctoken <key>`). `@open-balance` and `@unapplied-payment` depend on what
    /// QuickBooks holds at send time and are `prepare`'s.
    public func placeholders(in body: JSONValue) -> [String] {
        guard let request = QBXMLBody.element(body) else { return [] }
        var keys: [String] = []
        QBXMLPlaceholder.visit(request) { placeholder in
            if let key = Self.resolverKey(placeholder) { keys.append(key) }
        }
        return keys
    }

    public func fill(_ body: JSONValue, with values: [String: String]) -> JSONValue {
        guard let request = QBXMLBody.element(body) else { return body }
        return QBXMLBody.json(QBXMLPlaceholder.map(request) { Self.resolverKey($0).flatMap { values[$0] } })
    }

    static func resolverKey(_ placeholder: String) -> String? {
        if placeholder == "open-balance" || placeholder.hasPrefix("unapplied-payment ") { return nil }
        if placeholder.hasPrefix("editsequence ") { return "synctoken " + placeholder.dropFirst("editsequence ".count) }
        return placeholder
    }

    public func facts(of body: JSONValue, entity: String) -> PlannedBodyFacts {
        guard let request = QBXMLBody.element(body) else { return PlannedBodyFacts() }
        let payload = QBXMLBody.payload(request)
        let sequence = payload.text(of: "EditSequence").flatMap { $0.hasPrefix("@") ? nil : $0 }
        let fields = Set(payload.children.map(\.name))
        return PlannedBodyFacts(
            versionToken: sequence, marker: payload.text(of: "Memo"), date: payload.text(of: "TxnDate"),
            documentNumber: payload.text(of: "RefNumber"),
            onlyActiveFlag: payload.name.hasSuffix("Mod") && fields.contains("IsActive")
                && fields.isSubset(of: ["ListID", "EditSequence", "IsActive"]))
    }

    public func prepare(_ items: [RequestItem], batch: String, run: String) async throws -> [PreparedItem] {
        try await DesktopSettlement(edition: self).prepare(items)
    }

    /// Without a run and an attempt the set id comes from the requests themselves.
    public func request(for items: [RequestItem]) throws -> BooksRequest {
        let digest = SHA256.hex(Array(items.map(\.tag).joined(separator: " ").utf8) + items.flatMap { Array(($0.body[QBXMLBody.member]?.stringValue ?? "").utf8) })
        return try messageSet(items, setID: String(digest.prefix(23)), run: nil)
    }

    public func request(for items: [RequestItem], run: String, batch: String, attempt: Int) throws -> BooksRequest {
        try messageSet(items, setID: Self.messageSetID(run: run, batch: batch, attempt: attempt), run: run)
    }

    /// `newMessageSetID`: at most 23 characters (QuickBooks refuses over 24 with 9004), the same
    /// for the same run, batch and attempt, so a set handed out again is a status check of it.
    public static func messageSetID(run: String, batch: String, attempt: Int) -> String {
        String(SHA256.hex(Array("\(run) \(batch)".utf8)).prefix(14)) + "-a\(attempt)"
    }

    private func messageSet(_ items: [RequestItem], setID: String, run: String?) throws -> BooksRequest {
        let requests = items.compactMap { item -> XMLTreeElement? in
            guard var element = QBXMLBody.element(item.body) else { return nil }
            element.attributes.removeAll { $0.name == "requestID" }
            element.attributes.insert(.init("requestID", QBXMLMessageSet.requestID(bId: item.tag, key: item.operation.key)), at: 0)
            return element
        }
        let text = Self.document(requests, attributes: [.init("onError", "stopOnError"), .init("newMessageSetID", setID)])
        let bytes = Array(text.utf8)
        if let run, let workspace = leakCheckWorkspace {
            let findings = try leakChecks.check(run: run, workspace: workspace).scanMessageSet(bytes, location: "message set \(setID)")
            if !findings.isEmpty { throw TransformError.leak(findings) }
        }
        return BooksRequest(bytes: bytes, body: ["newMessageSetID": .string(setID)])
    }

    /// A whole qbXML request document around `requests`.
    static func document(_ requests: [XMLTreeElement], attributes: [XMLTreeElement.Attribute]) -> String {
        let root = XMLTreeElement("QBXML", children: [XMLTreeElement("QBXMLMsgsRq", attributes: attributes, children: requests)])
        return XMLTreeWriter.write(
            XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"\(QBXMLMessageSet.version)\"")], root: root), indent: 2)
    }

    public func deliver(_ request: BooksRequest, requestID: String) async throws -> BooksAnswer {
        let setID = request.body?["newMessageSetID"]?.stringValue
        let text = String(decoding: request.bytes, as: UTF8.self)
        switch try await transport.exchange(text, setID: setID) {
        case .answer(let answer):
            return BooksAnswer(status: 0, bytes: Array(answer.utf8), trace: setID)
        case .processorFailure(let hresult, let message):
            throw Self.failure(hresult: hresult, message: message, setID: setID ?? "query")
        }
    }

    /// The poster's disposition for a set the request processor failed as a whole.
    static func failure(hresult: String, message: String, setID: String) -> QuickBooksAPIFailure {
        switch DesktopProcessorFailure(hresult: hresult) {
        case .rejectedSet:
            return .refused(
                status: 0, code: hresult,
                message: "QuickBooks Desktop could not read message set \(setID) (\(hresult)): nothing in it ran. This is a qbsync bug in the qbXML; report it with the set's file in 3-load/requests/")
        case .quickBooksUnavailable:
            return .gaveUp(
                "the Web Connector could not reach QuickBooks Desktop (\(hresult)): open QuickBooks on the company file (no dialog showing), then let the Web Connector update again")
        case .outcomeUnknown:
            return .uncertain("QuickBooks Desktop's request processor failed on message set \(setID) (\(hresult)): it may have run; qbsync looks its documents up before sending anything again")
        }
    }

    /// The status check of the set sent as `attempt` of `batch` (its `newMessageSetID` again,
    /// as `oldMessageSetID` too): QuickBooks's stored answer, or nil when it keeps none.
    public func storedAnswer(to request: [UInt8], run: String, batch: String, attempt: Int) async throws -> BooksAnswer? {
        try await DesktopStatusCheck(edition: self).storedAnswer(
            to: request, setID: Self.messageSetID(run: run, batch: batch, attempt: attempt))
    }

    public func read(_ answer: BooksAnswer, for items: [RequestItem]) -> [String: OperationOutcome] {
        DesktopAnswer(bytes: answer.bytes).outcomes(for: items)
    }

    public func find(_ lookups: [Lookup]) async throws -> [String: [RemoteRecord]] {
        try await DesktopQueries(edition: self).find(lookups)
    }

    public func lookup(entity: String, id: String) -> Lookup {
        let type = DesktopQueries.desktopType(entity)
        return Lookup(entity: type, field: DesktopQueries.isTransaction(type) ? "TxnID" : "ListID", value: id)
    }

    public func accountLookup(name: String) -> Lookup { Lookup(entity: "Account", field: "FullName", value: name) }

    /// The accounts step: the pipeline's income and write-off accounts the company lacks are created.
    public func firstStep(settings: PipelineSettings) async throws -> [String] {
        try await DesktopAccounts(edition: self).run(settings.mapping)
    }

    public func company() async throws -> CompanyFacts? {
        let preferences = try await DesktopQueries(edition: self).preferences()
        guard let preferences else { return nil }
        return CompanyFacts(closeDate: preferences.text(at: ["AccountingPreferences", "ClosingDate"]))
    }
}

/// One leak check per run, built from its extract once: the final sets are checked request by request.
final class LeakCheckCache: @unchecked Sendable {
    private let lock = NSLock()
    private var checks: [String: LeakCheck] = [:]

    func check(run: String, workspace: URL) throws -> LeakCheck {
        lock.lock()
        defer { lock.unlock() }
        if let check = checks[run] { return check }
        let check = try LeakCheck(folder: RunFolder(workspace: workspace, id: run))
        checks[run] = check
        return check
    }
}
