import QBSyncJSON

/// `4-reconcile/summary.json`: counts by state and entity, and the OMS and QuickBooks totals by
/// document type side by side, to the cent.
struct RunSummary {
    let plan: TransformPlan
    let results: [OperationResult]
    let outcomes: [ItemOutcome]

    var json: JSONValue {
        var states: [String: JSONValue] = [:]
        for (state, members) in Dictionary(grouping: outcomes, by: \.state) { states[state.rawValue] = .int(members.count) }
        var entities: [String: [String: Int]] = [:]
        for outcome in outcomes {
            let entity = outcome.ref.split(separator: ":").first.map(String.init) ?? outcome.ref
            entities[entity, default: [:]][outcome.state.rawValue, default: 0] += 1
        }
        var totals: [String: (oms: Int, qbo: Int, count: Int)] = [:]
        for result in results where result.operation == "create" && !result.failed {
            guard let expected = result.expectedCents else { continue }
            var entry = totals[result.entity] ?? (0, 0, 0)
            entry.oms += expected
            entry.qbo += result.qboTotalCents ?? 0
            entry.count += 1
            totals[result.entity] = entry
        }
        var statuses: [String: JSONValue] = [:]
        for (status, members) in Dictionary(grouping: results, by: \.status) { statuses[status] = .int(members.count) }
        return [
            "run": .string(plan.run),
            "items": .object(states),
            "items_by_entity": .object(entities.mapValues { .object($0.mapValues { .int($0) }) }),
            "operations": .object(statuses),
            "totals_by_document": .object(
                totals.mapValues { entry in
                    [
                        "documents": .int(entry.count), "oms": .cents(entry.oms), "quickbooks": .cents(entry.qbo),
                        "difference": .cents(entry.qbo - entry.oms),
                    ]
                }),
        ]
    }
}
