import Foundation
import QBSyncJSON

/// One company's state behind a lock, and its folder on disk. Every request that changes the
/// books runs inside `perform`, one at a time: it may replay the answer remembered for its
/// `requestid`, else it runs, the answer is remembered, and the entity files it changed are
/// rewritten atomically before the answer leaves.
///
/// On disk (`<data>/company-<realm>/`): one pretty, key-sorted `<Entity>.json` per entity type
/// (`{"entity","nextId","deleted","voided","objects":[...by Id]}`) and `requestids.jsonl`,
/// one compact line per remembered `requestid` with its status and answer.
final class CompanyStore: @unchecked Sendable {
    /// An answer kept for a `requestid`.
    struct StoredAnswer {
        var status: Int
        var body: JSONValue
    }

    let realm: String
    private let folder: URL?
    private let lock = NSLock()
    private var state: CompanyState
    private var answers: [String: StoredAnswer] = [:]
    /// Each stored object's text as it sits in its entity file, so saving after a request
    /// re-renders only the objects it changed (a load of thousands of invoices rewrites the
    /// invoice file after every batch).
    private var rendered: [CompanyState.Key: String] = [:]

    /// Loads the company from `folder`, or seeds a new one (and writes it) when there is none.
    init(realm: String, folder: URL?, bookCloseDate: String?) throws {
        self.realm = realm
        self.folder = folder
        guard let folder, FileManager.default.fileExists(atPath: folder.appendingPathComponent("Account.json").path) else {
            state = CompanyState.seeded(bookCloseDate: bookCloseDate)
            try save(all: true)
            return
        }
        state = CompanyState()
        state.bookCloseDate = bookCloseDate
        for kind in EntityKind.allCases {
            let file = folder.appendingPathComponent("\(kind.rawValue).json")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            let saved = try JSONParser.parse(bytes: Array(try Data(contentsOf: file)))
            for object in saved["objects"]?.arrayValue ?? [] { state.store(kind, object) }
            state.nextId[kind] = max(state.nextId[kind] ?? 1, saved["nextId"]?.intValue ?? 1)
            state.markDeleted(kind, (saved["deleted"]?.arrayValue ?? []).compactMap(\.intValue))
            state.voided[kind] = Set((saved["voided"]?.arrayValue ?? []).compactMap(\.intValue))
        }
        state.dirty = []
        state.changed = []
        let journal = folder.appendingPathComponent("requestids.jsonl")
        if let text = try? String(contentsOf: journal, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let entry = try? JSONParser.parse(String(line)), let id = entry["requestid"]?.stringValue,
                    let status = entry["status"]?.intValue, let body = entry["response"]
                else { continue }
                answers[id] = StoredAnswer(status: status, body: body)
            }
        }
    }

    /// Runs one request against the books. With a `requestID` already answered, returns that
    /// answer and changes nothing; otherwise runs `body` on the state as of now, remembers the
    /// answer under the id and saves what changed.
    func perform(requestID: String?, _ body: (inout CompanyState) -> StoredAnswer) -> StoredAnswer {
        lock.lock()
        defer { lock.unlock() }
        if let requestID, let answer = answers[requestID] { return answer }
        var working = state
        working.now = Date()
        working.invisibleFrom = nil
        let answer = body(&working)
        working.invisibleFrom = nil
        state = working
        if let requestID {
            answers[requestID] = answer
            appendJournal(requestID, answer)
        }
        do {
            try save(all: false)
        } catch {
            FileHandle.standardError.write(Data("sandbox: could not save the company: \(error)\n".utf8))
        }
        return answer
    }

    /// Reads the state without changing it (queries and `GET`s).
    func read<T>(_ body: (CompanyState) throws(QBOFault) -> T) throws(QBOFault) -> T {
        lock.lock()
        defer { lock.unlock() }
        var snapshot = state
        snapshot.now = Date()
        return try body(snapshot)
    }

    /// Makes `CompanyInfo` and `Preferences` readable and queryable.
    func setSingletons(_ singletons: [String: JSONValue]) {
        lock.lock()
        defer { lock.unlock() }
        state.singletons = singletons
    }

    /// The current objects of one entity, for test assertions.
    func objects(_ kind: EntityKind) -> [JSONValue] {
        lock.lock()
        defer { lock.unlock() }
        return state.all(kind)
    }

    /// Writes the entity files that changed (all of them when `all`); the lock is held.
    private func save(all: Bool) throws {
        let kinds = all ? Set(EntityKind.allCases) : state.dirty
        let changed = state.changed
        state.dirty = []
        state.changed = []
        guard let folder else { return }
        for key in changed { rendered[key] = nil }
        for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) {
            // The same text JSONWriter.pretty gives for the whole document, assembled from
            // the cached text of each object (indented to sit inside "objects").
            let header: JSONValue = [
                "deleted": .array(state.deletedIds(kind).map { .int($0) }),
                "entity": .string(kind.rawValue),
                "nextId": .int(state.nextId[kind] ?? 1),
            ]
            var text = String(JSONWriter.pretty(header).dropLast(3))  // without "\n}\n"
            let ids = state.storedIds(kind)
            if ids.isEmpty {
                text += ",\n  \"objects\": []"
            } else {
                text += ",\n  \"objects\": [\n"
                for (position, id) in ids.enumerated() {
                    let key = CompanyState.Key(kind: kind, id: id)
                    let object = rendered[key] ?? Self.render(state.object(kind, id)!)
                    rendered[key] = object
                    text += object + (position == ids.count - 1 ? "\n" : ",\n")
                }
                text += "  ]"
            }
            let voided = JSONWriter.pretty(["voided": .array((state.voided[kind] ?? []).sorted().map { .int($0) })])
            text += ",\n" + voided.dropFirst(2)  // "voided" sorts last; reuse its closing brace
            try AtomicFile.write(Array(text.utf8), to: folder.appendingPathComponent("\(kind.rawValue).json"))
        }
    }

    /// One object's pretty text, indented two levels (it sits in the "objects" array).
    private static func render(_ object: JSONValue) -> String {
        let pretty = JSONWriter.pretty(object).dropLast()
        return "    " + pretty.replacingOccurrences(of: "\n", with: "\n    ")
    }

    private func appendJournal(_ requestID: String, _ answer: StoredAnswer) {
        guard let folder else { return }
        let line: JSONValue = ["requestid": .string(requestID), "status": .int(answer.status), "response": answer.body]
        AppendOnlyFile.append(JSONWriter.compact(line) + "\n", to: folder.appendingPathComponent("requestids.jsonl"))
    }
}
