import QBSyncJSON

/// A sale's money, split by who is billed: each third party exactly its allocations, the patient
/// the rest of each line, tax included. All integer cents; a line's amount is quantity x unit
/// price rounded half away from zero, minus the discount, plus the line's tax.
struct SaleAmounts: Equatable {
    struct Line: Equatable {
        var lineID: Int
        var itemID: Int
        var quantityMilli: Int
        var unitPriceCents: Int
        /// Quantity x unit price, rounded.
        var grossCents: Int
        var discountCents: Int
        var taxCents: Int
        /// payer id -> allocated cents, in payer order.
        var allocations: [(payer: Int, cents: Int)]

        var netCents: Int { grossCents - discountCents }
        var totalCents: Int { netCents + taxCents }
        var allocatedCents: Int { allocations.reduce(0) { $0 + $1.cents } }
        /// The patient's share before tax (what is left of the line's net after the third parties).
        var patientNetCents: Int { netCents - allocatedCents }

        static func == (lhs: Line, rhs: Line) -> Bool {
            lhs.lineID == rhs.lineID && lhs.totalCents == rhs.totalCents && lhs.allocations.map(\.payer) == rhs.allocations.map(\.payer)
                && lhs.allocations.map(\.cents) == rhs.allocations.map(\.cents)
        }
    }

    var lines: [Line]

    var totalCents: Int { lines.reduce(0) { $0 + $1.totalCents } }
    var taxCents: Int { lines.reduce(0) { $0 + $1.taxCents } }

    /// The payers billed, in id order.
    var payers: [Int] { Array(Set(lines.flatMap { $0.allocations.map(\.payer) })).sorted() }

    /// What one payer is billed.
    func payerCents(_ payer: Int) -> Int {
        lines.reduce(0) { sum, line in sum + line.allocations.filter { $0.payer == payer }.reduce(0) { $0 + $1.cents } }
    }

    /// What the patient is billed: the total less every allocation.
    var patientCents: Int { totalCents - lines.reduce(0) { $0 + $1.allocatedCents } }

    /// Reads a sale's lines; fails the sale when a line is unusable or over-allocated.
    init(sale: RowReader) throws {
        var lines: [Line] = []
        for child in sale.children("lines") {
            let line = try RowReader(ref: sale.ref, row: child)
            let quantity = try line.int("quantity_milli")
            let price = try line.int("unit_price_cents")
            var allocations: [(payer: Int, cents: Int)] = []
            for allocationRow in line.children("allocations") {
                let allocation = try RowReader(ref: sale.ref, row: allocationRow)
                allocations.append((try allocation.int("payer_id"), try allocation.int("amount_cents")))
            }
            allocations.sort { $0.payer < $1.payer }
            let parsed = Line(
                lineID: try line.int("id"), itemID: try line.int("item_id"), quantityMilli: quantity, unitPriceCents: price,
                grossCents: Money.roundedDivision(quantity * price, by: 1000), discountCents: try line.int("discount_cents"),
                taxCents: try line.int("tax_cents"), allocations: allocations)
            if allocations.contains(where: { $0.cents < 0 }) || parsed.allocatedCents > max(parsed.totalCents, 0) {
                throw RecordFailure(
                    ref: sale.ref, code: "oms-allocation",
                    message: "\(sale.ref): line \(try line.int("line_no")) bills third parties \(Money.decimalString(cents: parsed.allocatedCents)) but the line totals only \(Money.decimalString(cents: parsed.totalCents)). Correct the allocations in the OMS, then 'qbsync retry \(sale.ref)'.")
            }
            lines.append(parsed)
        }
        guard !lines.isEmpty else {
            throw RecordFailure(
                ref: sale.ref, code: "oms-no-lines",
                message: "\(sale.ref) has no lines: QuickBooks needs at least one. Add them in the OMS, then 'qbsync retry \(sale.ref)'.")
        }
        self.lines = lines
    }
}
