import Foundation
import QBSyncJSON
import QBSyncXML

/// `2-transform/plan.json`: the batches in load order with, for each operation, the OMS item it
/// serves and how to find it in QuickBooks; the records that failed in transform; the records
/// that needed nothing posted. The load reads it beside the batch files.
public struct TransformPlan: Sendable, Equatable {
    /// One batch file and what each of its operations is for.
    public struct Batch: Sendable, Equatable {
        public var file: String
        public var wave: Wave
        /// bId -> operation (the body lives in the batch file).
        public var operations: [(bId: String, operation: PlannedOperation)]

        public static func == (lhs: Batch, rhs: Batch) -> Bool {
            lhs.file == rhs.file && lhs.wave == rhs.wave && lhs.operations.map(\.bId) == rhs.operations.map(\.bId)
                && lhs.operations.map(\.operation) == rhs.operations.map(\.operation)
        }
    }

    public var run: String
    public var batches: [Batch]
    /// `link` operations (no request), by wave.
    public var links: [PlannedOperation]
    public var failures: [RecordFailure]
    /// Records in the run that needed nothing posted (a void of a sale never posted, say).
    public var unchanged: [String]
    /// Every OMS item the run syncs.
    public var refs: [String]

    public var json: JSONValue {
        [
            "run": .string(run),
            "batches": .array(
                batches.map { batch in
                    [
                        "file": .string(batch.file), "wave": .int(batch.wave.rawValue), "wave_label": .string(batch.wave.label),
                        "operations": .array(batch.operations.map { Self.json($0.operation, bId: $0.bId) }),
                    ]
                }),
            "links": .array(links.map { Self.json($0, bId: nil) }),
            "failures": .array(failures.map(Self.json)),
            "unchanged": .array(unchanged.map(JSONValue.string)),
            "refs": .array(refs.map(JSONValue.string)),
        ]
    }

    /// A failure as `plan.json` lists it.
    static func json(_ failure: RecordFailure) -> JSONValue {
        var json: JSONValue = [
            "ref": .string(failure.ref), "code": .string(failure.code), "message": .string(failure.message),
            "manual": .bool(failure.needsManualEntry),
        ]
        // Only when set, so that plans without a cutover stay byte for byte what they were.
        if failure.excluded { json["excluded"] = true }
        return json
    }

    /// An operation as `plan.json` lists it (its body lives in the batch file).
    static func json(_ operation: PlannedOperation, bId: String?) -> JSONValue {
        var object: [String: JSONValue] = [
            "key": .string(operation.key), "ref": .string(operation.ref), "entity": .string(operation.entity),
            "operation": .string(operation.operation), "wave": .int(operation.wave.rawValue),
            "adopt_existing": .bool(operation.adoptExisting),
        ]
        if let bId { object["bId"] = .string(bId) }
        if let lookup = operation.lookup { object["lookup"] = lookup.json }
        if let cents = operation.expectedCents { object["expected_cents"] = .int(cents) }
        if let target = operation.target { object["target"] = .string(target) }
        if let breakdown = operation.breakdown {
            object["breakdown"] = .object(breakdown.mapValues { .object($0.mapValues { .int($0) }) })
        }
        return .object(object)
    }

    /// The compact text of `json(operation, bId:)`, written straight to `out`: plan.json lists a
    /// first synchronization's million operations, and building each as a tree of values to be
    /// sorted and written was a twentieth of the transform's time. The members go in the order
    /// of their keys' UTF-8 bytes, as `JSONWriter` sorts them; a test holds the two to the same bytes.
    static func appendCompactJSON(_ operation: PlannedOperation, bId: String?, into out: inout [UInt8]) {
        func member(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: "\":".utf8)
        }
        func string(_ name: StaticString, _ text: String) {
            member(name)
            JSONWriter.appendQuoted(text, into: &out)
        }
        func integers(_ values: [String: Int]) {
            out.append(UInt8(ascii: "{"))
            for (index, key) in values.keys.sorted(by: JSONWriter.utf8Precedes).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendQuoted(key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: String(values[key]!).utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "{"))
        member("adopt_existing", first: true)
        out.append(contentsOf: (operation.adoptExisting ? "true" : "false").utf8)
        if let bId { string("bId", bId) }
        if let breakdown = operation.breakdown {
            member("breakdown")
            out.append(UInt8(ascii: "{"))
            for (index, key) in breakdown.keys.sorted(by: JSONWriter.utf8Precedes).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendQuoted(key, into: &out)
                out.append(UInt8(ascii: ":"))
                integers(breakdown[key]!)
            }
            out.append(UInt8(ascii: "}"))
        }
        string("entity", operation.entity)
        if let cents = operation.expectedCents {
            member("expected_cents")
            out.append(contentsOf: String(cents).utf8)
        }
        string("key", operation.key)
        if let lookup = operation.lookup {
            member("lookup")
            out.append(contentsOf: "{\"entity\":".utf8)
            JSONWriter.appendQuoted(lookup.entity, into: &out)
            out.append(contentsOf: ",\"field\":".utf8)
            JSONWriter.appendQuoted(lookup.field, into: &out)
            out.append(contentsOf: ",\"value\":".utf8)
            JSONWriter.appendQuoted(lookup.value, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        string("operation", operation.operation)
        string("ref", operation.ref)
        if let target = operation.target { string("target", target) }
        member("wave")
        out.append(contentsOf: String(operation.wave.rawValue).utf8)
        out.append(UInt8(ascii: "}"))
    }

    public init(
        run: String, batches: [Batch], links: [PlannedOperation], failures: [RecordFailure], unchanged: [String], refs: [String]
    ) {
        self.run = run
        self.batches = batches
        self.links = links
        self.failures = failures
        self.unchanged = unchanged
        self.refs = refs
    }

    /// Reads `plan.json` and the batch files beside it (bodies come from the batch files, so a
    /// reviewed hand edit is what gets sent). With `bodies: false` the batch files are not read
    /// (operations carry empty bodies; `withBodies` reads one batch's when it is needed), so a
    /// plan of a million operations is not all in memory at once.
    public init(folder: RunFolder, bodies: Bool = true) throws {
        let plan = try FileStore.readJSON(folder.file(.transform, "plan.json"))
        guard let run = plan["run"]?.stringValue else { throw TransformError.badPlan("plan.json has no run", run: folder.id) }
        self.run = run
        batches = []
        for batchJSON in plan["batches"]?.arrayValue ?? [] {
            guard let file = batchJSON["file"]?.stringValue, let wave = batchJSON["wave"]?.intValue.flatMap(Wave.init) else {
                throw TransformError.badPlan("a batch without file or wave", run: folder.id)
            }
            var operations: [(String, PlannedOperation)] = []
            for opJSON in batchJSON["operations"]?.arrayValue ?? [] {
                guard let operation = Self.operation(opJSON), let bId = opJSON["bId"]?.stringValue else {
                    throw TransformError.badPlan("\(file): an operation is incomplete", run: folder.id)
                }
                operations.append((bId, operation))
            }
            let batch = Batch(file: file, wave: wave, operations: operations)
            batches.append(bodies ? try Self.withBodies(batch, folder: folder) : batch)
        }
        links = (plan["links"]?.arrayValue ?? []).compactMap(Self.operation)
        failures = (plan["failures"]?.arrayValue ?? []).compactMap { json in
            guard let ref = json["ref"]?.stringValue, let code = json["code"]?.stringValue, let message = json["message"]?.stringValue
            else { return nil }
            return RecordFailure(
                ref: ref, code: code, message: message, needsManualEntry: json["manual"]?.boolValue ?? false,
                excluded: json["excluded"]?.boolValue ?? false)
        }
        unchanged = (plan["unchanged"]?.arrayValue ?? []).compactMap(\.stringValue)
        refs = (plan["refs"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// `batch` with each operation's verb and body as its batch file has them now.
    public static func withBodies(_ batch: Batch, folder: RunFolder) throws -> Batch {
        let file = batch.file
        if file.hasSuffix(".qbxml") { return try withRequests(batch, folder: folder) }
        let body = try FileStore.readJSON(folder.file(.transform, file))
        var bodies: [String: (String, JSONValue)] = [:]
        for item in body["BatchItemRequest"]?.arrayValue ?? [] {
            guard let bId = item["bId"]?.stringValue, let operation = item["operation"]?.stringValue else {
                throw TransformError.badPlan("\(file): an item without bId or operation", run: folder.id)
            }
            let entity = item.objectValue?.keys.first { $0 != "bId" && $0 != "operation" } ?? ""
            bodies[bId] = (operation, item[entity] ?? .null)
        }
        var loaded = batch
        for index in loaded.operations.indices {
            let bId = loaded.operations[index].bId
            guard let (verb, entityBody) = bodies[bId] else { throw TransformError.badPlan("\(file): no item \(bId)", run: folder.id) }
            loaded.operations[index].operation.operation = verb
            loaded.operations[index].operation.body = entityBody
        }
        return loaded
    }

    /// `batch` with each operation's qbXML request as its message set has it now (and its text
    /// as its body, what the poster carries).
    static func withRequests(_ batch: Batch, folder: RunFolder) throws -> Batch {
        let url = folder.file(.transform, batch.file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TransformError.badPlan("\(batch.file) is missing", run: folder.id)
        }
        let set = try QBXMLMessageSet.read(data, file: "2-transform/" + batch.file)
        var requests: [String: XMLTreeElement] = [:]
        for request in set.requests { requests[request.bId] = request.element }
        var loaded = batch
        for index in loaded.operations.indices {
            let bId = loaded.operations[index].bId
            guard let request = requests[bId] else { throw TransformError.badPlan("\(batch.file): no request \(bId)", run: folder.id) }
            loaded.operations[index].operation.qbxml = request
            loaded.operations[index].operation.body = QBXMLBody.json(request)
        }
        return loaded
    }

    private static func operation(_ json: JSONValue) -> PlannedOperation? {
        guard let key = json["key"]?.stringValue, let ref = json["ref"]?.stringValue, let entity = json["entity"]?.stringValue,
            let verb = json["operation"]?.stringValue, let wave = json["wave"]?.intValue.flatMap(Wave.init)
        else { return nil }
        var operation = PlannedOperation(
            key: key, ref: ref, entity: entity, operation: verb, body: .object([:]), wave: wave, lookup: Lookup(json: json["lookup"]),
            adoptExisting: json["adopt_existing"]?.boolValue ?? false, expectedCents: json["expected_cents"]?.intValue,
            target: json["target"]?.stringValue)
        operation.breakdown = json["breakdown"]?.objectValue?.mapValues { ($0.objectValue ?? [:]).compactMapValues(\.intValue) }
        return operation
    }
}

/// The transform could not finish: nothing was written for the load.
public enum TransformError: LocalizedError, Equatable {
    /// Run `run`'s plan or a batch file beside it cannot be read.
    case badPlan(String, run: String)
    case leak([LeakCheck.Finding])
    /// The run's extract did not finish (killed, or its files are gone).
    case extractMissing(String)
    /// A run folder the ledger does not know: its extract never committed.
    case notARun(String)
    /// `[sync] opening_balances` turned on after the workspace's first run, whose extract was
    /// the only one to hold the whole OMS.
    case openingBalancesLate(run: String, first: String)

    public var errorDescription: String? {
        switch self {
        case .badPlan(let reason, let run): "the transform's plan of run \(run) is damaged (\(reason)): run 'qbsync transform --run \(run)' again"
        case .leak(let findings):
            "PHI would leave the clinic, so nothing was written for the load (\(findings.count) finding(s)): "
                + findings.prefix(5).map { "\($0.location) carries \($0.source)" }.joined(separator: "; ")
                + ". Check the pipeline's mapping and redaction settings; 2-transform/leak-report.json lists every finding."
        case .extractMissing(let run):
            "run \(run) has no finished extract (it was killed, or its files are gone): 'qbsync run --run \(run)' extracts it "
                + "again and finishes it ('qbsync extract --run \(run)' only extracts it)"
        case .notARun(let run):
            "runs/\(run) is not a run the ledger knows: its extract never finished, so nothing of it is pending. "
                + "'qbsync run' (or 'qbsync extract') takes its changes into a new run; the folder can be deleted"
        case .openingBalancesLate(let run, let first):
            "run \(run) cannot take the opening balances ([sync] opening_balances = true): they are taken from a workspace's first run, "
                + "which reads the whole OMS, and this workspace's first run was \(first). Nothing was written for the load. "
                + "Turn opening_balances off (payments of sales before the cutover are then linked to the invoices entered by hand), "
                + "or start the pipeline on a fresh workspace before anything is loaded"
        }
    }
}

import Foundation

extension TransformError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .leak = self { return .blocked }
        return .configuration
    }
}
