import Foundation
import QBSyncJSON
@testable import QBSyncCore

/// A QuickBooks held in memory, plugged into the load as an edition of its own: it proves the
/// poster decides without knowing a wire format. Bodies are the plan's (placeholders written
/// `@key` in any string), a request is the list of items, and objects are kept by id.
/// Its version tokens are opaque (`v1`, `v2`, like Desktop's EditSequence), not counters.
final class MemoryBooks: BooksEdition, @unchecked Sendable {
    /// One object as this QuickBooks holds it.
    struct Object {
        var entity: String
        var record: RemoteRecord
        var version = 1
    }

    /// How the next delivery ends, after (or instead of) applying the request.
    enum Next {
        case answer
        /// Applied, then the answer is lost.
        case appliedThenUncertain
        /// Not applied, outcome unknown to the poster.
        case lostBeforeApplying
        case refused
        case gaveUp
        case loginNeeded
        /// Runs the first item only and answers the rest as not run (Desktop's 3231).
        case runsFirstOnly
    }

    private let lock = NSLock()
    private(set) var objects: [String: Object] = [:]
    private(set) var deliveries = 0
    private(set) var finds = 0
    /// How the coming deliveries end, first first; `.answer` once used up.
    var script: [Next] = []
    private var nextID = 100

    var edition: Edition { .desktop }
    var requestFileExtension: String { "memory" }

    /// Puts an object into this QuickBooks as if somebody had made it.
    func seed(_ entity: String, name: String? = nil, number: String? = nil, marker: String? = nil, active: Bool = true) -> String {
        lock.lock()
        defer { lock.unlock() }
        return insert(entity, name: name, number: number, marker: marker, active: active)
    }

    private func insert(_ entity: String, name: String?, number: String?, marker: String?, active: Bool = true) -> String {
        nextID += 1
        let id = "M\(nextID)"
        objects[id] = Object(
            entity: entity,
            record: RemoteRecord(id: id, versionToken: "v1", documentNumber: number, name: name, active: active, marker: marker))
        return id
    }

    func placeholders(in body: JSONValue) -> [String] {
        var keys: [String] = []
        visit(body) { if $0.hasPrefix("@") { keys.append(String($0.dropFirst())) } }
        return keys
    }

    func fill(_ body: JSONValue, with values: [String: String]) -> JSONValue {
        switch body {
        case .string(let text) where text.hasPrefix("@"): .string(values[String(text.dropFirst())] ?? text)
        case .object(let members): .object(members.mapValues { fill($0, with: values) })
        case .array(let elements): .array(elements.map { fill($0, with: values) })
        default: body
        }
    }

    private func visit(_ body: JSONValue, _ found: (String) -> Void) {
        switch body {
        case .string(let text): found(text)
        case .object(let members): for key in members.keys.sorted() { visit(members[key]!, found) }
        case .array(let elements): elements.forEach { visit($0, found) }
        default: break
        }
    }

    func facts(of body: JSONValue, entity: String) -> PlannedBodyFacts {
        PlannedBodyFacts(
            versionToken: body["version"]?.stringValue, marker: body["marker"]?.stringValue, date: body["date"]?.stringValue,
            documentNumber: body["number"]?.stringValue)
    }

    func prepare(_ items: [RequestItem], batch: String, run: String) async throws -> [PreparedItem] {
        items.map { PreparedItem(item: $0, body: $0.body) }
    }

    func request(for items: [RequestItem]) throws -> BooksRequest {
        let list: JSONValue = .array(
            items.map { ["tag": .string($0.tag), "operation": .string($0.operation.operation), "entity": .string($0.operation.entity), "body": $0.body] })
        return BooksRequest(bytes: JSONWriter.prettyData(list), body: list)
    }

    func deliver(_ request: BooksRequest, requestID: String) async throws -> BooksAnswer {
        try apply(request)
    }

    /// Applies `request` as the script says, under the lock.
    private func apply(_ request: BooksRequest) throws -> BooksAnswer {
        lock.lock()
        defer { lock.unlock() }
        deliveries += 1
        let next = script.isEmpty ? .answer : script.removeFirst()
        switch next {
        case .refused: throw QuickBooksAPIFailure.refused(status: 400, code: "2020", message: "Required param missing")
        case .gaveUp: throw QuickBooksAPIFailure.gaveUp("throttled")
        case .loginNeeded: throw QuickBooksAPIFailure.authorizationNeeded("the refresh token expired")
        case .lostBeforeApplying: throw QuickBooksAPIFailure.uncertain("the connection dropped")
        case .answer, .appliedThenUncertain, .runsFirstOnly: break
        }
        var answers: [String: JSONValue] = [:]
        for (index, item) in (request.body?.arrayValue ?? []).enumerated() {
            let tag = item["tag"]!.stringValue!
            if next == .runsFirstOnly && index > 0 {
                answers[tag] = ["skipped": "the set stopped at an earlier request"]
                continue
            }
            let body = item["body"]!
            switch item["operation"]!.stringValue! {
            case "create":
                let id = insert(
                    item["entity"]!.stringValue!, name: body["name"]?.stringValue, number: body["number"]?.stringValue,
                    marker: body["marker"]?.stringValue)
                answers[tag] = ["id": .string(id), "version": "v1"]
            default:
                guard let id = body["id"]?.stringValue, var object = objects[id] else {
                    answers[tag] = ["fault": "no such object"]
                    continue
                }
                guard body["version"]?.stringValue == object.record.versionToken else {
                    answers[tag] = ["fault": "stale version"]
                    continue
                }
                object.version += 1
                object.record.versionToken = "v\(object.version)"
                if item["operation"]?.stringValue == "delete" { object.record.active = false }
                objects[id] = object
                answers[tag] = ["id": .string(id), "version": .string(object.record.versionToken!)]
            }
        }
        if next == .appliedThenUncertain { throw QuickBooksAPIFailure.uncertain("the answer was lost") }
        let answer: JSONValue = .object(answers)
        return BooksAnswer(status: 0, bytes: JSONWriter.prettyData(answer), decoded: answer)
    }

    func read(_ answer: BooksAnswer, for items: [RequestItem]) -> [String: OperationOutcome] {
        var outcomes: [String: OperationOutcome] = [:]
        for item in items {
            guard let reply = answer.decoded?[item.tag] else { continue }
            if let skipped = reply["skipped"]?.stringValue {
                outcomes[item.tag] = .notApplied(skipped)
            } else if let fault = reply["fault"]?.stringValue {
                outcomes[item.tag] = .fault(RemoteFault(code: "memory", message: fault))
            } else if let id = reply["id"]?.stringValue {
                lock.lock()
                outcomes[item.tag] = .applied(objects[id]?.record ?? RemoteRecord(id: id, versionToken: reply["version"]?.stringValue))
                lock.unlock()
            }
        }
        return outcomes
    }

    func find(_ lookups: [Lookup]) async throws -> [String: [RemoteRecord]] {
        search(lookups)
    }

    private func search(_ lookups: [Lookup]) -> [String: [RemoteRecord]] {
        lock.lock()
        defer { lock.unlock() }
        finds += 1
        var found: [String: [RemoteRecord]] = [:]
        for lookup in lookups {
            found[lookup.foundKey] = objects.values.filter { object in
                guard object.entity == lookup.entity else { return false }
                switch lookup.field {
                case "id": return object.record.id == lookup.value
                case "number": return object.record.documentNumber == lookup.value
                default: return object.record.name?.lowercased() == lookup.value.lowercased()
                }
            }.map(\.record).sorted { $0.id < $1.id }
        }
        return found
    }

    func lookup(entity: String, id: String) -> Lookup { Lookup(entity: entity, field: "id", value: id) }

    func accountLookup(name: String) -> Lookup { Lookup(entity: "Account", field: "name", value: name) }

    func company() async throws -> CompanyFacts? { CompanyFacts() }

    /// The objects of one kind, for a test's checks.
    func all(_ entity: String) -> [RemoteRecord] {
        lock.lock()
        defer { lock.unlock() }
        return objects.values.filter { $0.entity == entity }.map(\.record).sorted { $0.id < $1.id }
    }
}
