import Foundation
import QBSyncCore
import QBSyncJSON

/// The sandbox's QuickBooks Desktop company as its folder holds it (`lists/`, `invoices/`,
/// `credit-memos/`, `payments/`, `refunds/`), read the way a person inspecting the company after
/// a run would: documents by their memo marker (`qbsync sale:283`) and customer, balances worked
/// out from what the company stores (an invoice's total less what payments and credits applied
/// to it). Nothing here reads qbsync's ledger, so the books are checked against the OMS alone.
struct DesktopCompanySnapshot {
    /// An invoice or a credit memo.
    struct SaleDocument {
        var txnID: String
        var customerID: String
        var marker: String?
        var refNumber: String?
        var totalCents: Int
        var isVoid: Bool
        var memo: String
    }

    /// A received payment (a credit application is one of 0.00) and the invoices it pays.
    struct Payment {
        struct Application {
            var invoiceTxnID: String
            var paymentCents: Int
            var discountCents: Int
            /// Credit memos applied to the invoice by this payment (`SetCredit`), by TxnID.
            var credits: [(txnID: String, cents: Int)]
        }

        var txnID: String
        var customerID: String
        var marker: String?
        var totalCents: Int
        var applications: [Application]
    }

    /// A credit card refund and the credits it pays out.
    struct Refund {
        var txnID: String
        var customerID: String
        var marker: String?
        var links: [(txnID: String, cents: Int)]
        var isVoid: Bool
        var totalCents: Int { isVoid ? 0 : links.reduce(0) { $0 + $1.cents } }
    }

    /// A customer as the Customer list shows it.
    struct Customer {
        var listID: String
        var name: String
        var companyName: String?
        /// `Phone` and `BillAddress/Addr1`: how a person tells two third parties of one name apart.
        var phone: String?
        var address: String?
        var isActive: Bool
    }

    var invoices: [SaleDocument] = []
    var creditMemos: [SaleDocument] = []
    var payments: [Payment] = []
    var refunds: [Refund] = []
    var customers: [String: Customer] = [:]

    /// Reads the company kept in `folder` (`DesktopCompany(folder:)`, `qbsync sandbox --desktop --data DIR`).
    init(folder: URL) throws {
        for entry in try Self.records(folder, "lists") where entry["kind"]?.stringValue == "Customer" {
            let listID = entry["listID"]?.stringValue ?? ""
            let fields = entry["fields"]?.arrayValue ?? []
            func field(_ name: String) -> JSONValue? { fields.first { $0["name"]?.stringValue == name } }
            let address = (field("BillAddress")?["children"]?.arrayValue ?? []).first { $0["name"]?.stringValue == "Addr1" }
            customers[listID] = Customer(
                listID: listID, name: entry["name"]?.stringValue ?? "", companyName: field("CompanyName")?["text"]?.stringValue,
                phone: field("Phone")?["text"]?.stringValue, address: address?["text"]?.stringValue,
                isActive: entry["isActive"]?.boolValue ?? true)
        }
        invoices = try Self.records(folder, "invoices").map(Self.saleDocument)
        creditMemos = try Self.records(folder, "credit-memos").map(Self.saleDocument)
        payments = try Self.records(folder, "payments").map { record in
            Payment(
                txnID: record["txnID"]?.stringValue ?? "", customerID: record["customerID"]?.stringValue ?? "",
                marker: Self.marker(record["memo"]?.stringValue), totalCents: record["totalCents"]?.intValue ?? 0,
                applications: (record["applications"]?.arrayValue ?? []).map { application in
                    Payment.Application(
                        invoiceTxnID: application["invoiceTxnID"]?.stringValue ?? "",
                        paymentCents: application["paymentCents"]?.intValue ?? 0,
                        discountCents: application["discountCents"]?.intValue ?? 0,
                        credits: Self.uses(application["credits"]))
                })
        }
        refunds = try Self.records(folder, "refunds").map { record in
            Refund(
                txnID: record["txnID"]?.stringValue ?? "", customerID: record["customerID"]?.stringValue ?? "",
                marker: Self.marker(record["memo"]?.stringValue),
                links: (record["links"]?.arrayValue ?? []).map { ($0["txnID"]?.stringValue ?? "", $0["amountCents"]?.intValue ?? 0) },
                isVoid: record["isVoid"]?.boolValue ?? false)
        }
        // An invoice applying a credit memo itself (InvoiceAdd/Mod SetCredit) counts as an application too.
        for record in try Self.records(folder, "invoices") {
            let credits = Self.uses(record["credits"])
            guard !credits.isEmpty, let txnID = record["txnID"]?.stringValue else { continue }
            invoiceCredits[txnID] = credits
        }
    }

    private var invoiceCredits: [String: [(txnID: String, cents: Int)]] = [:]

    /// What is still owed on an invoice: its total less the payments, credits and discounts applied to it.
    func balance(of invoice: SaleDocument) -> Int {
        let applied = payments.flatMap(\.applications).filter { $0.invoiceTxnID == invoice.txnID }
            .reduce(0) { $0 + $1.paymentCents + $1.discountCents + $1.credits.reduce(0) { $0 + $1.cents } }
        return invoice.totalCents - applied - (invoiceCredits[invoice.txnID] ?? []).reduce(0) { $0 + $1.cents }
    }

    /// What of a credit memo is neither applied to an invoice nor refunded.
    func creditRemaining(of memo: SaleDocument) -> Int {
        let applied = payments.flatMap(\.applications).flatMap(\.credits).filter { $0.txnID == memo.txnID }.reduce(0) { $0 + $1.cents }
        let byInvoices = invoiceCredits.values.flatMap { $0 }.filter { $0.txnID == memo.txnID }.reduce(0) { $0 + $1.cents }
        return memo.totalCents - applied - byInvoices - refunded(memo.txnID)
    }

    /// What of a payment is left as a credit on the customer: the money received less what it pays and what was refunded.
    func unused(of payment: Payment) -> Int {
        payment.totalCents - payment.applications.reduce(0) { $0 + $1.paymentCents } - refunded(payment.txnID)
    }

    private func refunded(_ txnID: String) -> Int {
        refunds.filter { !$0.isVoid }.flatMap(\.links).filter { $0.txnID == txnID }.reduce(0) { $0 + $1.cents }
    }

    /// `qbsync sale:283` out of `INV-2025-00283 · qbsync sale:283` (or `VOID: …`); nil when the
    /// document carries no marker of qbsync's.
    static func marker(_ memo: String?) -> String? {
        guard let memo, let start = memo.range(of: "qbsync ") else { return nil }
        return String(memo[start.lowerBound...])
    }

    private static func saleDocument(_ record: JSONValue) -> SaleDocument {
        let isVoid = record["isVoid"]?.boolValue ?? false
        let lines = (record["lines"]?.arrayValue ?? []).reduce(0) { $0 + ($1["amountCents"]?.intValue ?? 0) }
        let memo = record["memo"]?.stringValue ?? ""
        return SaleDocument(
            txnID: record["txnID"]?.stringValue ?? "", customerID: record["customerID"]?.stringValue ?? "", marker: marker(memo),
            refNumber: record["refNumber"]?.stringValue,
            totalCents: isVoid ? 0 : lines + (record["otherLinesCents"]?.intValue ?? 0), isVoid: isVoid, memo: memo)
    }

    private static func uses(_ value: JSONValue?) -> [(txnID: String, cents: Int)] {
        (value?.arrayValue ?? []).map { ($0["creditTxnID"]?.stringValue ?? "", $0["amountCents"]?.intValue ?? 0) }
    }

    /// Every record of one of the company's folders, its files in order (each holds up to 1,000).
    private static func records(_ folder: URL, _ name: String) throws -> [JSONValue] {
        let directory = folder.appendingPathComponent(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().flatMap { file in
            try FileStore.readJSON(directory.appendingPathComponent(file)).arrayValue ?? []
        }
    }
}
