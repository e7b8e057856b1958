import Foundation
import GRDB

/// What the books must hold, worked out from the OMS alone (oms-source.md): each open sale's
/// share per bill-to and what is still open on it, each active payment with its applications,
/// each open return's and active write-off's credit, each active refund, and what was voided or
/// deleted. The oracle the Desktop end-to-end tests compare the company with.
struct OMSBooks {
    /// A bill-to of a sale: the patient, or a third party.
    enum BillTo: Hashable, CustomStringConvertible {
        case patient
        case payer(Int)

        init(payer: Int?) { self = payer.map(BillTo.payer) ?? .patient }
        var description: String {
            switch self {
            case .patient: "patient"
            case .payer(let id): "payer:\(id)"
            }
        }
    }

    /// One sale's invoice for one bill-to.
    struct InvoiceKey: Hashable, CustomStringConvertible {
        var sale: Int
        var billTo: BillTo
        /// The ledger's words (`invoice sale:283 payer:4`), as `omsOpenBalances` keys it.
        var description: String { "invoice sale:\(sale) \(billTo)" }
    }

    struct Payment {
        var id: Int
        var patient: Int?
        var payer: Int?
        var cents: Int
        var applications: [InvoiceKey: Int]
    }

    struct Credit {
        var sale: Int
        var billTo: BillTo
        var cents: Int
    }

    struct Refund {
        var patient: Int?
        var payer: Int?
        var cents: Int
        var returnID: Int?
    }

    /// Each open sale's share per bill-to: lines (quantity x price rounded, less discount, plus tax) split by allocations.
    var shares: [InvoiceKey: Int] = [:]
    /// What is still open on each share (`TransactionsEndToEndTests.omsOpenBalances`).
    var open: [InvoiceKey: Int] = [:]
    var patientOfSale: [Int: Int] = [:]
    var voidedSales: Set<Int> = []
    var payments: [Int: Payment] = [:]
    var deletedPayments: Set<Int> = []
    var returns: [Int: Credit] = [:]
    var writeOffs: [Int: Credit] = [:]
    var refunds: [Int: Refund] = [:]
    /// Payers by id: name, phone and first address line (an organisation's details are not PHI).
    var payers: [Int: (name: String, phone: String?, address: String?)] = [:]

    init(_ harness: PipelineHarness) throws {
        let balances = try TransactionsEndToEndTests().omsOpenBalances(harness)
        try harness.oms { db in
            for row in try Row.fetchAll(db, sql: "SELECT id, patient_id, status FROM sales") {
                patientOfSale[row["id"]] = row["patient_id"]
                if row["status"] as String == "void" { voidedSales.insert(row["id"]) }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id AS sale, l.id AS line, (l.quantity_milli * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.tax_cents AS total
                    FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.status = 'open'
                    """)
            {
                var rest: Int = row["total"]
                for allocation in try Row.fetchAll(
                    db, sql: "SELECT payer_id, amount_cents FROM sale_allocations WHERE sale_line_id = ?", arguments: [row["line"] as Int])
                {
                    shares[InvoiceKey(sale: row["sale"], billTo: .payer(allocation["payer_id"])), default: 0] += allocation["amount_cents"] as Int
                    rest -= allocation["amount_cents"] as Int
                }
                shares[InvoiceKey(sale: row["sale"], billTo: .patient), default: 0] += rest
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, patient_id, payer_id, amount_cents, status FROM payments") {
                guard row["status"] as String == "active" else {
                    deletedPayments.insert(row["id"])
                    continue
                }
                payments[row["id"]] = Payment(id: row["id"], patient: row["patient_id"], payer: row["payer_id"], cents: row["amount_cents"], applications: [:])
            }
            for row in try Row.fetchAll(db, sql: "SELECT payment_id, sale_id, payer_id, amount_cents FROM payment_applications") {
                let key = InvoiceKey(sale: row["sale_id"], billTo: BillTo(payer: row["payer_id"]))
                payments[row["payment_id"]]?.applications[key, default: 0] += row["amount_cents"] as Int
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT r.id, r.sale_id, SUM(l.amount_cents) AS cents FROM returns r JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id")
            {
                returns[row["id"]] = Credit(sale: row["sale_id"], billTo: .patient, cents: row["cents"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, sale_id, payer_id, amount_cents FROM write_offs WHERE status = 'active'") {
                writeOffs[row["id"]] = Credit(sale: row["sale_id"], billTo: BillTo(payer: row["payer_id"]), cents: row["amount_cents"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, patient_id, payer_id, amount_cents, return_id FROM refunds WHERE status = 'active'") {
                refunds[row["id"]] = Refund(patient: row["patient_id"], payer: row["payer_id"], cents: row["amount_cents"], returnID: row["return_id"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, name, phone, address1 FROM payers") {
                payers[row["id"]] = (row["name"], row["phone"], row["address1"])
            }
        }
        for key in shares.keys { open[key] = balances[key.description] ?? shares[key] }
    }

    /// A customer's balance as the OMS has it: what it was billed, less the money it paid and the
    /// credits it was given, plus the money refunded to it (keyed `patient:N` / `payer:N`).
    var customerBalances: [String: Int] {
        var balances: [String: Int] = [:]
        func party(sale: Int, _ billTo: BillTo) -> String {
            switch billTo {
            case .patient: "patient:\(patientOfSale[sale] ?? 0)"
            case .payer(let id): "payer:\(id)"
            }
        }
        func party(patient: Int?, payer: Int?) -> String { patient.map { "patient:\($0)" } ?? "payer:\(payer ?? 0)" }
        for (key, cents) in shares { balances[party(sale: key.sale, key.billTo), default: 0] += cents }
        for payment in payments.values { balances[party(patient: payment.patient, payer: payment.payer), default: 0] -= payment.cents }
        for credit in Array(returns.values) + Array(writeOffs.values) { balances[party(sale: credit.sale, credit.billTo), default: 0] -= credit.cents }
        for refund in refunds.values { balances[party(patient: refund.patient, payer: refund.payer), default: 0] += refund.cents }
        return balances
    }
}
