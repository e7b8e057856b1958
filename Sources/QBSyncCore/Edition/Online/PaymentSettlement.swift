import QBSyncJSON

/// Keeps the payments of one request within what QuickBooks has open, so that no payment is
/// refused for applying more than an invoice's open balance (6000) and none is cut short.
///
/// The OMS may settle a sale more than fully (a payment of the whole price and a write-off or a
/// return on the same sale), and which of them reaches QuickBooks first depends on the runs. A
/// payment's `TotalAmt` is the money received and is never changed here: only its applications
/// are, each to what the document still has open, and what does not fit stays unapplied, a
/// credit on the customer. A credit application (a zero payment linking an invoice and a credit
/// memo) moves the smaller of the invoice's open balance, the memo's remaining credit and the
/// planned amount (`@open-balance`: no limit of its own).
///
/// Balances are read from QuickBooks once per request (one `IN` query per kind of document),
/// then followed through the request in order as QuickBooks applies it: what an earlier payment
/// of the request takes is no longer open to a later one, and what a payment being changed or
/// deleted applies now is open again to itself and to those after it.
struct PaymentSettlement {
    /// Open amount by document (`Invoice 12`, `CreditMemo 4`).
    private var open: [String: Int] = [:]
    /// What each payment being changed or deleted applies now, by payment id and document.
    private var current: [String: [String: Int]] = [:]

    /// What one body became, for the load's result and log.
    struct Settled {
        /// The body to send; nil when a credit application has nothing left to apply.
        var body: JSONValue?
        /// Cents planned but not applied because the documents had no more open.
        var unapplied = 0
    }

    /// Reads the balances the `bodies` (resolved Payment bodies with their operations) of `batch` link to.
    static func prepare(
        _ bodies: [(operation: String, body: JSONValue)], batch: String, run: String, api: QuickBooksAPI
    ) async throws -> PaymentSettlement {
        var lookups: [Lookup] = []
        for (operation, body) in bodies {
            if operation != "create", let id = body["Id"]?.stringValue {
                lookups.append(Lookup(entity: "Payment", field: "Id", value: id))
            }
            for line in body["Line"]?.arrayValue ?? [] {
                guard let target = Self.target(of: line) else { continue }
                lookups.append(Lookup(entity: target.type, field: "Id", value: target.id))
            }
        }
        var settlement = PaymentSettlement()
        guard !lookups.isEmpty else { return settlement }
        let found: [String: [JSONValue]]
        do {
            found = try await LookupBatch.find(lookups, api: api)
        } catch let failure as QuickBooksAPIFailure {
            // Not asked, nothing sent: the batch stays pending.
            throw LoadError(failure, batch: batch, run: run)
        }
        for lookup in lookups {
            guard let object = found[LookupBatch.key(lookup)]?.first else { continue }
            switch lookup.entity {
            case "Payment": settlement.current[lookup.value] = applications(of: object)
            case "Invoice": settlement.open["Invoice \(lookup.value)"] = object["Balance"]?.centsValue ?? 0
            default: settlement.open["CreditMemo \(lookup.value)"] = object["RemainingCredit"]?.centsValue ?? 0
            }
        }
        return settlement
    }

    /// `body` with its applications kept to what is open, in request order.
    mutating func settle(_ body: JSONValue, operation: String) -> Settled {
        // A payment changed or deleted first gives back what it applies now.
        if operation != "create", let id = body["Id"]?.stringValue, let applied = current.removeValue(forKey: id) {
            for (document, cents) in applied where open[document] != nil { open[document]! += cents }
        }
        guard operation != "delete", let lines = body["Line"]?.arrayValue, !lines.isEmpty else { return Settled(body: body) }
        var settled = body
        if lines.contains(where: { Self.target(of: $0)?.type == "CreditMemo" }) {
            var amount = Int.max
            var planned = Int.max
            for line in lines {
                guard let target = Self.target(of: line) else { continue }
                let asked = line["Amount"]?.centsValue ?? Int.max
                planned = min(planned, asked)
                // Unknown to QuickBooks: an open balance cannot be read, and a fixed amount is sent as planned.
                amount = min(amount, asked, open[target.document] ?? (asked == Int.max ? 0 : asked))
            }
            guard amount != Int.max, amount > 0 else { return Settled(body: nil, unapplied: planned == Int.max ? 0 : planned) }
            for line in lines { if let target = Self.target(of: line) { open[target.document]? -= amount } }
            settled["Line"] = .array(lines.map { line in line.with("Amount", .cents(amount)) })
            return Settled(body: settled, unapplied: planned == Int.max ? 0 : planned - amount)
        }
        var kept: [JSONValue] = []
        var unapplied = 0
        for line in lines {
            guard let target = Self.target(of: line), let asked = line["Amount"]?.centsValue, let available = open[target.document] else {
                kept.append(line)
                continue
            }
            let amount = min(asked, max(0, available))
            unapplied += asked - amount
            guard amount > 0 else { continue }
            open[target.document] = available - amount
            kept.append(line.with("Amount", .cents(amount)))
        }
        settled["Line"] = .array(kept)
        return Settled(body: settled, unapplied: unapplied)
    }

    /// The invoice or credit memo a payment line links to.
    private static func target(of line: JSONValue) -> (type: String, id: String, document: String)? {
        guard let link = line["LinkedTxn"]?.arrayValue?.first, let id = link["TxnId"]?.stringValue,
            let type = link["TxnType"]?.stringValue, type == "Invoice" || type == "CreditMemo"
        else { return nil }
        return (type, id, "\(type) \(id)")
    }

    /// What a payment as QuickBooks holds it applies to each document.
    private static func applications(of payment: JSONValue) -> [String: Int] {
        var applied: [String: Int] = [:]
        for line in payment["Line"]?.arrayValue ?? [] {
            guard let target = target(of: line) else { continue }
            applied[target.document, default: 0] += line["Amount"]?.centsValue ?? 0
        }
        return applied
    }
}

extension JSONValue {
    /// This object with `member` set to `value`.
    fileprivate func with(_ member: String, _ value: JSONValue) -> JSONValue {
        var copy = self
        copy[member] = value
        return copy
    }
}
