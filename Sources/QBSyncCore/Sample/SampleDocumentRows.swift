// The in-memory document rows of the sample book: sales, payments, returns, refunds, write-offs.
// Besides the stored columns each keeps a little derived state (open balances, credit left) that
// the simulation needs; SampleBook+Balances.swift rebuilds it when a database is loaded.

/// What part of a sale is still owed by one third party.
struct PayerShare {
    let payerId: Int
    var open: Int
}

/// One `sale_allocations` row.
struct AllocationRow {
    var payerId: Int
    var amountCents: Int
}

/// One `sale_lines` row with its allocations.
struct SaleLineRow {
    var id: Int
    var lineNo: Int
    var itemId: Int
    var description: String?
    var serialNumber: String?
    var ear: String?
    var quantityMilli: Int
    var unitPriceCents: Int
    var discountCents: Int
    var taxCents: Int
    var allocations: [AllocationRow] = []
    /// Quantity already taken back by returns.
    var returnedMilli = 0

    /// Quantity x price rounded, minus the discount, plus tax: what the line bills in all.
    var total: Int {
        SampleMath.extended(quantityMilli: quantityMilli, unitPriceCents: unitPriceCents) - discountCents + taxCents
    }

    /// What third parties are billed for this line.
    var allocated: Int { allocations.reduce(0) { $0 + $1.amountCents } }
}

/// One `sales` row with its lines.
struct SaleRow: SampleTouchable {
    let id: Int
    var number: String
    var patientId: Int
    var locationId: Int
    var saleDate: String
    var dueDate: String?
    var status: String
    var memo: String?
    var updatedAt: String
    var rowState = RowState.new
    var lines: [SaleLineRow] = []
    /// What the patient still owes on this sale.
    var patientOpen = 0
    /// What each third party still owes, in the order they first appear on the lines.
    var payerOpen: [PayerShare] = []
    /// True once a return, write-off or payment touched the sale: it can no longer be voided.
    var settled = false
    /// True once a return or write-off credited the sale: payments on it are no longer deleted.
    var creditNoted = false
    /// True for the deliberately broken rows (`broken` samples): nothing else builds on them.
    var broken = false

    /// The patient's share: every line's total less what third parties are billed.
    var patientShare: Int { lines.reduce(0) { $0 + $1.total - $1.allocated } }

    /// A third party's share: its allocations on every line.
    func payerShare(_ payerId: Int) -> Int {
        lines.reduce(0) { sum, line in
            sum + line.allocations.reduce(0) { $0 + ($1.payerId == payerId ? $1.amountCents : 0) }
        }
    }
}

/// One `payment_applications` row.
struct ApplicationRow {
    var saleId: Int
    var payerId: Int?
    var amountCents: Int
}

/// One `payments` row with its applications.
struct PaymentRow: SampleTouchable {
    let id: Int
    var patientId: Int?
    var payerId: Int?
    var locationId: Int
    var methodId: Int
    var receivedDate: String
    var amountCents: Int
    var reference: String?
    var deposited: Bool
    var memo: String?
    var status: String
    var updatedAt: String
    var rowState = RowState.new
    var applications: [ApplicationRow] = []
    var broken = false

    /// The part not applied to any sale: a credit on the customer's account.
    var unapplied: Int { amountCents - applications.reduce(0) { $0 + $1.amountCents } }
}

/// One `return_lines` row.
struct ReturnLineRow {
    var id: Int
    var saleLineId: Int
    var quantityMilli: Int
    var amountCents: Int
    var serialNumber: String?
}

/// One `returns` row with its lines.
struct ReturnRow: SampleTouchable {
    let id: Int
    var number: String
    var saleId: Int
    var returnDate: String
    var reason: String?
    var status: String
    var updatedAt: String
    var rowState = RowState.new
    var lines: [ReturnLineRow] = []
    /// The credit beyond the sale's open balance that no refund has paid out yet.
    var creditLeft = 0

    /// What the return credits the patient, tax included.
    var credit: Int { lines.reduce(0) { $0 + $1.amountCents } }
}

/// One `refunds` row.
struct RefundRow: SampleTouchable {
    let id: Int
    var patientId: Int?
    var payerId: Int?
    var locationId: Int
    var methodId: Int
    var returnId: Int?
    var refundDate: String
    var amountCents: Int
    var memo: String?
    var status: String
    var updatedAt: String
    var rowState = RowState.new
}

/// One `write_offs` row.
struct WriteOffRow: SampleTouchable {
    let id: Int
    var saleId: Int
    var payerId: Int?
    var writeOffDate: String
    var amountCents: Int
    var reason: String?
    var status: String
    var updatedAt: String
    var rowState = RowState.new
}
