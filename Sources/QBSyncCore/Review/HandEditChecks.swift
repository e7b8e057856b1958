import QBSyncJSON

/// One batch of `plan.json` as written: its file and, per bId, what the operation is for.
struct PlannedBatch {
    struct Item {
        var bId: String
        var key: String
        var ref: String
        var entity: String
        var operation: String
    }

    var file: String
    var wave: Int
    var items: [Item]
}

/// The checks of one hand-edited batch file against its plan: shape and size, bIds, the
/// objects its placeholders name, amounts, and PHI.
struct HandEditChecks {
    let batchSize: Int
    /// Object key -> the wave this run creates it in (requests and links).
    let plannedWaves: [String: Int]
    /// Whether QuickBooks holds the object, per the ledger.
    let inLedger: (String) -> Bool
    /// Account names qbsync knows exist or will create.
    let knownAccounts: Set<String>
    var leakCheck: LeakCheck?

    /// An Online batch file: `{"BatchItemRequest": [...]}`, each item read by `OnlineReader`.
    func check(_ batch: PlannedBatch, body: JSONValue, text: String, path: String) -> [HandEditFinding] {
        guard let items = body["BatchItemRequest"]?.arrayValue else {
            return [.problem(path, "has no BatchItemRequest array: a batch file is {\"BatchItemRequest\": [...]}")]
        }
        let keys = Dictionary(batch.items.map { ($0.bId, $0.key) }, uniquingKeysWith: { first, _ in first })
        let read = items.map { item -> HandEditItem in
            let bId = item["bId"]?.stringValue
            let entities = (item.objectValue ?? [:]).keys.filter { $0 != "bId" && $0 != "operation" }.sorted()
            return HandEditItem(
                bId: bId, line: bId.flatMap { Self.line(of: "\"\($0)\"", in: text) },
                reading: OnlineReader.read(item: item, key: bId.flatMap { keys[$0] }, checks: true),
                lineOf: { Self.line(of: "\"@\($0)\"", in: text) },
                shape: { plan in
                    guard entities == [plan.entity], item[plan.entity]?.objectValue != nil else {
                        return ("must hold one \(plan.entity) object (\(plan.ref)), and holds \(entities.isEmpty ? "none" : entities.joined(separator: ", "))", [])
                    }
                    guard item["operation"]?.stringValue != plan.operation else { return (nil, []) }
                    return (nil, ["operation must stay \"\(plan.operation)\" as in plan.json (\(plan.ref)); change what the operation does, not what it is"])
                })
        }
        return check(batch, items: read, path: path)
    }

    /// The checks every edition's file gets, on its items read back: size, bIds against
    /// plan.json, each item the operation planned, then what each document names and carries.
    func check(_ batch: PlannedBatch, items: [HandEditItem], path: String) -> [HandEditFinding] {
        var findings: [HandEditFinding] = []
        if items.count > batchSize {
            findings.append(
                .problem(path, "holds \(items.count) operations; a batch may hold at most \(batchSize) ([quickbooks] batch_size; QuickBooks refuses more than 30)"))
        }
        let planned = Dictionary(batch.items.map { ($0.bId, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let bId = item.bId else {
                findings.append(.problem(path, "item \(index + 1) has no bId"))
                continue
            }
            let line = item.line
            guard seen.insert(bId).inserted else {
                findings.append(.problem(path, line: line, bId: bId, "appears twice: every bId is one operation of plan.json"))
                continue
            }
            guard let plan = planned[bId] else {
                findings.append(
                    .problem(path, line: line, bId: bId, "is not in plan.json for \(batch.file): the load would not know what it is for. Operations are added by 'qbsync transform', not by hand."))
                continue
            }
            let shape = item.shape(plan)
            if let wrong = shape.wrong {
                findings.append(.problem(path, line: line, bId: bId, wrong))
                continue
            }
            findings += shape.problems.map { .problem(path, line: line, bId: bId, $0) }
            guard let reading = item.reading else { continue }
            let location = "\(plan.ref) \(plan.entity)"
            findings += references(reading, plan: plan, wave: batch.wave, path: path, bId: bId, lineOf: item.lineOf, location: location)
            findings += reading.badAmounts.map { field in
                .problem(path, line: line, bId: bId, "\(field) must be a number with at most two decimals, like 1234.50 (\(location))")
            }
            for finding in leakCheck?.scan(reading, location: bId) ?? [] {
                var problem = HandEditFinding.problem(
                    path, line: line, bId: bId,
                    "\(finding.location) carries \(finding.source), a patient's health information, which must not leave the clinic")
                problem.isLeak = true
                findings.append(problem)
            }
        }
        for missing in batch.items where !seen.contains(missing.bId) {
            findings.append(
                .problem(path, bId: missing.bId, "(\(missing.ref) \(missing.entity)) is in plan.json but not in the file. To leave a record out, 'qbsync exclude \(missing.ref) --reason ...' and transform again."))
        }
        return findings
    }

    /// Every placeholder must name an object this run creates in an earlier wave, or one
    /// QuickBooks holds per the ledger; an unfamiliar account name is only a note (the load
    /// looks accounts up by name).
    private func references(
        _ reading: ReadDocument, plan: PlannedBatch.Item, wave: Int, path: String, bId: String, lineOf: (String) -> Int?, location: String
    ) -> [HandEditFinding] {
        var findings: [HandEditFinding] = []
        for reference in reading.placeholders {
            let (field, placeholder) = (reference.location, reference.text)
            let key = Self.objectKey(placeholder)
            let line = lineOf(placeholder)
            if key.hasPrefix("account ") {
                let name = String(key.dropFirst("account ".count))
                if !knownAccounts.contains(name), plannedWaves[key] == nil, !inLedger(key) {
                    findings.append(
                        .note(path, line: line, bId: bId, "\(field) names the account \"\(name)\", which qbsync has not used: the load looks it up by name and fails \(plan.ref) if QuickBooks has no active account so named"))
                }
                continue
            }
            if inLedger(key) { continue }
            if let plannedWave = plannedWaves[key] {
                if plannedWave < wave { continue }
                findings.append(
                    .problem(path, line: line, bId: bId, "\(field) names @\(placeholder), which this run creates in the same or a later batch wave: the load could not fill in its id (\(location))"))
                continue
            }
            findings.append(
                .problem(path, line: line, bId: bId, "\(field) names @\(placeholder), which is neither in this run's plan nor in QuickBooks per the ledger (\(location)). Check the spelling against plan.json."))
        }
        return findings
    }

    /// The object a placeholder depends on: `synctoken K` and `editsequence K` (its version),
    /// `unapplied-payment K` (a Desktop refund of customer K's payment credit) all name K.
    static func objectKey(_ placeholder: String) -> String {
        for prefix in ["synctoken ", "editsequence ", "unapplied-payment "] where placeholder.hasPrefix(prefix) {
            return String(placeholder.dropFirst(prefix.count))
        }
        return placeholder
    }

    /// The 1-based line of the first occurrence of `needle` in `text`.
    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}

/// One item of a hand-edited file as its edition's reader gave it back.
struct HandEditItem {
    var bId: String?
    /// Where the item starts in the file.
    var line: Int?
    /// Nil when the item is not a document the reader knows how to read.
    var reading: ReadDocument?
    /// The line a placeholder is written on.
    var lineOf: (String) -> Int?
    /// Against the item plan.json has under its bId: why it is not that operation at all
    /// (nothing else is checked then), and what else about its shape is wrong.
    var shape: (PlannedBatch.Item) -> (wrong: String?, problems: [String])
}
