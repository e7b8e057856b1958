import QBSyncJSON

/// A batch request as QuickBooks runs it: each item succeeds or fails on its own; an item sees
/// the company as it was when the batch began (a customer created by one item is not there for
/// an invoice in another), while the successes apply in order; and the answers come back in an
/// order of their own, so clients have to match them by `bId`.
extension CompanyState {
    /// Runs the items of one batch and returns the `BatchItemResponse` entries.
    mutating func runBatch(_ items: [JSONValue], maxQueryResults: Int) -> [JSONValue] {
        var first: [EntityKind: Int] = [:]
        for kind in EntityKind.allCases { first[kind] = nextId[kind] ?? 1 }
        invisibleFrom = first
        defer { invisibleFrom = nil }
        var answers: [JSONValue] = []
        for item in items {
            let bId = item["bId"]?.stringValue ?? ""
            do {
                var answer = try runItem(item, maxQueryResults: maxQueryResults)
                answer["bId"] = .string(bId)
                answers.append(answer)
            } catch {
                answers.append(["bId": .string(bId), "Fault": error.json])
            }
        }
        return Self.shuffled(answers, seed: items.compactMap { $0["bId"]?.stringValue }.joined(separator: "\u{1F}"))
    }

    private mutating func runItem(_ item: JSONValue, maxQueryResults: Int) throws(QBOFault) -> JSONValue {
        if let query = item["Query"] {
            guard let text = query.stringValue else { throw .invalidProperty("Query", element: "Query") }
            return ["QueryResponse": try runQuery(text, maxQueryResults: maxQueryResults)]
        }
        let entityKeys = (item.objectValue ?? [:]).keys.filter { !["bId", "operation", "optionsData"].contains($0) }
        guard entityKeys.count == 1, let name = entityKeys.first else {
            throw .invalidProperty("BatchItemRequest needs exactly one entity or a Query (found \(entityKeys.sorted()))")
        }
        guard let kind = EntityKind(rawValue: name) else {
            throw .invalidProperty("\(name) is not an entity the sandbox supports", element: name)
        }
        guard let operation = item["operation"]?.stringValue else { throw .required("operation") }
        let body = item[name]!
        let result: JSONValue
        switch operation {
        case "create": result = try create(kind, body)
        case "update": result = try update(kind, body)
        case "delete": result = try delete(kind, body)
        case "void": result = try void(kind, body)
        default: throw .unsupportedOperation(operation, entity: kind.rawValue)
        }
        return [kind.rawValue: result]
    }

    /// Runs the text of a query against what the request can see.
    func runQuery(_ text: String, maxQueryResults: Int) throws(QBOFault) -> JSONValue {
        let query = try Query.parse(text)
        if let kind = EntityKind(queryName: query.entity) {
            return try QueryEngine.run(
                query, entity: kind.rawValue, rows: all(kind), knownFields: kind.writableFields.union(kind.readOnlyFields),
                isNameList: kind.isNameList, maxResultsCap: maxQueryResults)
        }
        if let (name, row) = singletons.first(where: { $0.key.lowercased() == query.entity.lowercased() }) {
            return try QueryEngine.run(query, entity: name, rows: [row], knownFields: nil, isNameList: false, maxResultsCap: maxQueryResults)
        }
        throw .queryParse("Encountered \"\(query.entity)\": it is not an entity QuickBooks can query here")
    }

    /// A deterministic reordering that never leaves two or more answers in request order: a
    /// rotation by 1...n-1 chosen from a hash of the bIds (FNV-1a, stable across runs).
    static func shuffled(_ answers: [JSONValue], seed: String) -> [JSONValue] {
        guard answers.count > 1 else { return answers }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let shift = 1 + Int(hash % UInt64(answers.count - 1))
        return Array(answers[shift...] + answers[..<shift])
    }
}
