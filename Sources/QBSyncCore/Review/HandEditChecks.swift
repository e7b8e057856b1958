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

    func check(_ batch: PlannedBatch, body: JSONValue, text: String, path: String) -> [HandEditFinding] {
        var findings: [HandEditFinding] = []
        guard let items = body["BatchItemRequest"]?.arrayValue else {
            return [.problem(path, "has no BatchItemRequest array: a batch file is {\"BatchItemRequest\": [...]}")]
        }
        if items.count > batchSize {
            findings.append(
                .problem(path, "holds \(items.count) operations; a batch may hold at most \(batchSize) ([quickbooks] batch_size; QuickBooks refuses more than 30)"))
        }
        let planned = Dictionary(batch.items.map { ($0.bId, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let bId = item["bId"]?.stringValue else {
                findings.append(.problem(path, "item \(index + 1) has no bId"))
                continue
            }
            let line = Self.line(of: "\"\(bId)\"", in: text)
            guard seen.insert(bId).inserted else {
                findings.append(.problem(path, line: line, bId: bId, "appears twice: every bId is one operation of plan.json"))
                continue
            }
            guard let plan = planned[bId] else {
                findings.append(
                    .problem(path, line: line, bId: bId, "is not in plan.json for \(batch.file): the load would not know what it is for. Operations are added by 'qbsync transform', not by hand."))
                continue
            }
            let entities = (item.objectValue ?? [:]).keys.filter { $0 != "bId" && $0 != "operation" }.sorted()
            guard entities == [plan.entity], let entityBody = item[plan.entity], entityBody.objectValue != nil else {
                findings.append(
                    .problem(path, line: line, bId: bId, "must hold one \(plan.entity) object (\(plan.ref)), and holds \(entities.isEmpty ? "none" : entities.joined(separator: ", "))"))
                continue
            }
            if item["operation"]?.stringValue != plan.operation {
                findings.append(
                    .problem(path, line: line, bId: bId, "operation must stay \"\(plan.operation)\" as in plan.json (\(plan.ref)); change what the operation does, not what it is"))
            }
            let location = "\(plan.ref) \(plan.entity)"
            findings += references(entityBody, plan: plan, wave: batch.wave, path: path, text: text, bId: bId, location: location)
            findings += amounts(entityBody, entity: plan.entity, path: path, bId: bId, line: line, location: location)
            for finding in leakCheck?.scan(entityBody, location: "\(bId) \(plan.entity)") ?? [] {
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
        _ body: JSONValue, plan: PlannedBatch.Item, wave: Int, path: String, text: String, bId: String, location: String
    ) -> [HandEditFinding] {
        var findings: [HandEditFinding] = []
        Self.placeholders(body, path: plan.entity) { field, placeholder in
            // A Desktop refund of a payment credit names the customer whose payment the load finds.
            let unapplied = "unapplied-payment "
            let key = Transformer.objectKey(placeholder.hasPrefix(unapplied) ? String(placeholder.dropFirst(unapplied.count)) : placeholder)
            let line = Self.line(of: "\"@\(placeholder)\"", in: text)
            if key.hasPrefix("account ") {
                let name = String(key.dropFirst("account ".count))
                if !knownAccounts.contains(name), plannedWaves[key] == nil, !inLedger(key) {
                    findings.append(
                        .note(path, line: line, bId: bId, "\(field) names the account \"\(name)\", which qbsync has not used: the load looks it up by name and fails \(plan.ref) if QuickBooks has no active account so named"))
                }
                return
            }
            if inLedger(key) { return }
            if let plannedWave = plannedWaves[key] {
                if plannedWave < wave { return }
                findings.append(
                    .problem(path, line: line, bId: bId, "\(field) names @\(placeholder), which this run creates in the same or a later batch wave: the load could not fill in its id (\(location))"))
                return
            }
            findings.append(
                .problem(path, line: line, bId: bId, "\(field) names @\(placeholder), which is neither in this run's plan nor in QuickBooks per the ledger (\(location)). Check the spelling against plan.json."))
        }
        return findings
    }

    /// `Amount` and `TotalAmt` must be numbers in dollars and cents (or, on an application's
    /// line, the `@open-balance` the load fills in).
    private func amounts(_ body: JSONValue, entity: String, path: String, bId: String, line: Int?, location: String) -> [HandEditFinding] {
        var findings: [HandEditFinding] = []
        func walk(_ value: JSONValue, _ field: String) {
            switch value {
            case .object(let members):
                for name in members.keys.sorted() {
                    let member = members[name]!
                    if name == "Amount" || name == "TotalAmt", member.centsValue == nil,
                        !Self.isOpenBalance(member, name: name, field: field, entity: entity)
                    {
                        findings.append(
                            .problem(path, line: line, bId: bId, "\(field).\(name) must be a number with at most two decimals, like 1234.50 (\(location))"))
                    } else {
                        walk(member, "\(field).\(name)")
                    }
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, "\(field)[\(index)]") }
            default: break
            }
        }
        walk(body, entity)
        return findings
    }

    /// Whether `value` is the transform's own `@open-balance` where the load settles it: the
    /// `Amount` of a line of a Payment (a credit memo's application), which has no amount until
    /// QuickBooks says what is still open.
    static func isOpenBalance(_ value: JSONValue, name: String, field: String, entity: String) -> Bool {
        guard entity == "Payment", name == "Amount", value.stringValue == OpenBalance.placeholder,
            field.hasPrefix("Payment.Line[")
        else { return false }
        return !field.dropFirst("Payment.Line[".count).contains(".")
    }

    /// Calls `found` with the field path and key of every placeholder, by the load's rule:
    /// a string starting with `@` in an id position (`value` inside a `...Ref`, `TxnId`, `Id`, `SyncToken`).
    static func placeholders(_ value: JSONValue, path: String, parentKey: String? = nil, _ found: (String, String) -> Void) {
        switch value {
        case .object(let members):
            for name in members.keys.sorted() {
                let member = members[name]!
                if case .string(let text) = member, text.hasPrefix("@"),
                    Placeholder.idKeys.contains(name) || (name == "value" && (parentKey?.hasSuffix("Ref") ?? false))
                {
                    found("\(path).\(name)", String(text.dropFirst()))
                } else {
                    placeholders(member, path: "\(path).\(name)", parentKey: name, found)
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                placeholders(element, path: "\(path)[\(index)]", parentKey: parentKey, found)
            }
        default: break
        }
    }

    /// The 1-based line of the first occurrence of `needle` in `text`.
    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
