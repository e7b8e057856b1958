import QBSyncJSON

/// `4-reconcile/summary.json`: counts by state and entity, and the OMS and QuickBooks totals by
/// document type side by side, to the cent.
struct RunSummary {
    let plan: TransformPlan
    let results: [OperationResult]
    let outcomes: [ItemOutcome]
    /// Names the document types in the edition's words (a Desktop refund is an ARRefundCreditCard).
    var edition: Edition = .online

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
            let label = edition.label(result.entity)
            var entry = totals[label] ?? (0, 0, 0)
            entry.oms += expected
            entry.qbo += result.qboTotalCents ?? 0
            entry.count += 1
            totals[label] = entry
        }
        let byAccount = split(by: "account")
        let byClass = split(by: "class")
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
            "totals_by_account": byAccount,
            "totals_by_class": byClass,
        ]
    }

    /// OMS and QuickBooks totals per document type and account (or class). QuickBooks's side of
    /// a document is split as planned when QuickBooks confirmed its total; a document whose
    /// total differs is counted under "(differs from the OMS)", so no difference hides.
    private func split(by dimension: String) -> JSONValue {
        var planned: [String: [String: Int]] = [:]
        for batch in plan.batches {
            for (_, operation) in batch.operations {
                if let parts = operation.breakdown?[dimension] { planned[operation.key + " " + operation.operation] = parts }
            }
        }
        var totals: [String: [String: (oms: Int, qbo: Int)]] = [:]
        for result in results where (result.status == "created" || result.status == "updated") {
            guard let parts = planned[result.key + " " + result.operation], let expected = result.expectedCents else { continue }
            let label = edition.label(result.entity)
            for (name, cents) in parts { totals[label, default: [:]][name, default: (0, 0)].oms += cents }
            if result.qboTotalCents == expected {
                for (name, cents) in parts { totals[label, default: [:]][name, default: (0, 0)].qbo += cents }
            } else {
                totals[label, default: [:]]["(differs from the OMS)", default: (0, 0)].qbo += result.qboTotalCents ?? 0
            }
        }
        return .object(
            totals.mapValues { names in
                .object(
                    names.mapValues { entry in
                        ["oms": .cents(entry.oms), "quickbooks": .cents(entry.qbo), "difference": .cents(entry.qbo - entry.oms)]
                    })
            })
    }
}
