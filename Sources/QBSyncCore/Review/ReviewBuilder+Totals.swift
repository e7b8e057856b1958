/// Totals by kind (documents as written), by account and class (lines, money taken back
/// negative), by day and by customer (documents, per kind), kept as documents are added.
struct ReviewTotals {
    private var byKind = Tally()
    private var byAccount = Tally()
    private var byClass = Tally()
    private var byDay = Tally()
    private var byCustomer = Tally()
    /// Documents QuickBooks already has (the load skips them): how many, how much.
    private(set) var alreadyPosted = (count: 0, cents: 0)

    mutating func add(_ document: ReviewDocument) {
        let cents = document.cents ?? 0
        byKind.add(document.kind, nil, cents)
        byDay.add(document.date ?? "(no date)", document.kind, cents)
        if !document.customer.isEmpty { byCustomer.add(document.customer, document.kind, cents) }
        for line in document.lines {
            byAccount.add(line.account, nil, document.sign * line.cents)
            if let className = line.className { byClass.add(className, nil, document.sign * line.cents) }
        }
        if document.status == .already {
            alreadyPosted.count += 1
            alreadyPosted.cents += cents
        }
    }

    /// Puts the totals in `review`.
    func fill(_ review: inout Review) {
        review.byKind = byKind.rows
        review.byAccount = byAccount.rows
        review.byClass = byClass.rows
        review.byDay = byDay.rows
        review.byCustomer = byCustomer.rows
        review.alreadyInQuickBooks = alreadyPosted
    }
}

/// Counts and sums rows keyed by a name and an optional kind, in name-then-kind order.
private struct Tally {
    private struct Row: Hashable {
        var name: String
        var kind: String?
    }

    /// Count and cents by row: a first synchronization totals a hundred thousand customers.
    private var totals: [Row: (count: Int, cents: Int)] = [:]

    mutating func add(_ name: String, _ kind: String?, _ cents: Int) {
        // One look-up (the entry is modified in place), not one for the count and one for the sum.
        Self.count(&totals[Row(name: name, kind: kind), default: (0, 0)], cents)
    }

    private static func count(_ total: inout (count: Int, cents: Int), _ cents: Int) {
        total.count += 1
        total.cents += cents
    }

    var rows: [ReviewTotal] {
        totals.map { ReviewTotal(name: $0.key.name, kind: $0.key.kind, count: $0.value.count, cents: $0.value.cents) }
            .sorted { ($0.name, $0.kind ?? "") < ($1.name, $1.kind ?? "") }
    }
}
