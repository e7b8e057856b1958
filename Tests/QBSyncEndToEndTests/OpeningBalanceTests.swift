import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// `[sync] opening_balances`: the first run after the cutover posts, for each customer with an
/// open balance at the cutover, one opening-balance invoice, exactly once; later payments of
/// pre-cutover sales are applied to it; and each customer's A/R in QuickBooks is the OMS's at
/// the cutover plus what happened since.
struct OpeningBalanceTests {
    /// A patient of the test's own: a sale of 240.00 the day before the cutover, 40.00 of it
    /// paid before the cutover and 50.00 after.
    struct Straddle {
        var patient: Int
        var sale: Int
        var late: Int
        var dayBefore: String
    }

    /// The cutover half way through the sample's sales, and a harness whose pipeline has it.
    static func harness(extra: String = "") throws -> (PipelineHarness, String) {
        let probe = try PipelineHarness(patients: 60, days: 90, seed: 5)
        let cutover: String = try probe.oms { db in
            try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
        }
        let harness = try PipelineHarness(
            patients: 60, days: 90, seed: 5, pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"\nopening_balances = true\n\(extra)")
        return (harness, cutover)
    }

    static func straddle(_ harness: PipelineHarness, cutover: String) throws -> Straddle {
        let scenario = try OMSScenario(harness)
        #expect(scenario.date >= cutover)
        let dayBefore = try harness.oms { db in try String.fetchOne(db, sql: "SELECT date(?, '-1 day')", arguments: [cutover])! }
        let patient = try scenario.patient()
        let sale = try scenario.sale(patient: patient, cents: 24_000).sale
        let early = try scenario.payment(patient: patient, cents: 4_000, sale: sale, applied: 4_000)
        try DatabaseQueue(path: harness.omsURL.path).write { db in
            try db.execute(sql: "UPDATE sales SET sale_date = ? WHERE id = ?", arguments: [dayBefore, sale])
            try db.execute(sql: "UPDATE payments SET received_date = ? WHERE id = ?", arguments: [dayBefore, early])
        }
        let late = try scenario.payment(patient: patient, cents: 5_000, sale: sale, applied: 5_000)
        return Straddle(patient: patient, sale: sale, late: late, dayBefore: dayBefore)
    }

    /// The opening-balance invoices QuickBooks holds (by their marker).
    static func openings(_ harness: PipelineHarness) -> [JSONValue] {
        harness.sandbox.objects("Invoice").filter { $0["PrivateNote"]?.stringValue?.hasSuffix(" opening balance") == true }
    }

    /// Whether the payment qbsync posted for `payment` is applied to the invoice `invoiceID`.
    static func applied(_ harness: PipelineHarness, payment: Int, to invoiceID: String) throws -> Bool {
        let posted = try #require(harness.sandbox.objects("Payment").first { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" })
        let links = (posted["Line"]?.arrayValue ?? []).flatMap { $0["LinkedTxn"]?.arrayValue ?? [] }
        return links.contains { $0["TxnId"]?.stringValue == invoiceID && $0["TxnType"]?.stringValue == "Invoice" }
    }

    /// Each customer's balance in QuickBooks is what the OMS says it owes.
    static func checkReceivables(_ harness: PipelineHarness, cutover: String, ledger: Ledger) throws -> OpeningBalanceOracle {
        let synced = Set(try ledger.items(in: .synced).map(\.ref))
        let oracle = try OpeningBalanceOracle(harness, cutover: cutover, synced: synced)
        #expect(oracle.opening.values.filter { $0 > 0 }.count >= 3, "the cutover leaves too few open balances to tell")
        let customers = Dictionary(harness.sandbox.objects("Customer").compactMap { c in c["Id"]?.stringValue.map { ($0, c) } }) { a, _ in a }
        var checked = 0
        for customer in oracle.customers.sorted() {
            guard let id = try ledger.booksObject(customer)?.remoteID else {
                #expect(oracle.owed(customer) == 0, "\(customer) is not in QuickBooks though it owes \(oracle.owed(customer))")
                continue
            }
            #expect(customers[id]?["Balance"]?.centsValue ?? 0 == oracle.owed(customer), "\(customer): at the cutover \(oracle.opening[customer] ?? 0), since \(oracle.since[customer] ?? 0)")
            checked += 1
        }
        #expect(checked > 5)
        return oracle
    }

    @Test func theFirstRunOpensEachCustomersBalanceOnceAndLaterPaymentsApplyToIt() async throws {
        let (harness, cutover) = try Self.harness()
        let straddle = try Self.straddle(harness, cutover: cutover)
        let run = await harness.qbsyncOutput("run")
        #expect(run.code == 0, "\(run.out)\n\(run.err)")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let failures = try ledger.items(in: .failed)
        #expect(failures.isEmpty, "\(failures.prefix(3).map { $0.message ?? $0.ref })")

        // A/R per customer: the OMS's at the cutover plus what was posted since.
        let oracle = try Self.checkReceivables(harness, cutover: cutover, ledger: ledger)
        let openings = Self.openings(harness)
        #expect(openings.count == oracle.opening.values.filter { $0 > 0 }.count)
        for invoice in openings {
            // Dated the day before the cutover; its marker names no patient.
            #expect(invoice["TxnDate"]?.stringValue == straddle.dayBefore)
            let marker = invoice["PrivateNote"]?.stringValue ?? ""
            #expect(marker.hasPrefix("qbsync sale:") || marker.hasPrefix("qbsync payer:"), "\(marker)")
        }
        // Nothing else qbsync posted is dated before the cutover.
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt"] {
            for object in harness.sandbox.objects(entity) where object["PrivateNote"]?.stringValue?.hasSuffix(" opening balance") != true {
                #expect((object["TxnDate"]?.stringValue ?? "") >= cutover, "\(entity) \(object["PrivateNote"]?.stringValue ?? "")")
            }
        }

        // The test's patient: 200.00 open at the cutover; the payment after it applied to that.
        let key = "invoice patient:\(straddle.patient) opening"
        let opening = try #require(try ledger.booksObject(key))
        let invoice = try #require(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == opening.remoteID })
        #expect(invoice["TotalAmt"]?.centsValue == 20_000)
        #expect(invoice["Balance"]?.centsValue == 15_000)
        #expect(try Self.applied(harness, payment: straddle.late, to: opening.remoteID))
        #expect(try ledger.item("sale:\(straddle.sale)")?.code == "before-cutover")

        // The review shows them as their own kind, and the tie-out counts them.
        let csv = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.csv"), encoding: .utf8)
        #expect(csv.split(whereSeparator: \.isNewline).filter { $0.contains("Opening balance,") }.count == openings.count, "\(csv.prefix(400))")
        let summary = try FileStore.readJSON(harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        let invoices = try #require(summary["totals_by_document"]?["Invoice"])
        #expect(invoices["difference"]?.centsValue == 0)

        // A later night: a new payment of the same sale goes to the same invoice; no second one.
        let later = try OMSScenario(harness).payment(patient: straddle.patient, cents: 2_000, sale: straddle.sale, applied: 2_000)
        let second = await harness.qbsyncOutput("run")
        #expect(second.code == 0, "\(second.out)\n\(second.err)")
        #expect(Self.openings(harness).count == openings.count)
        #expect(try Self.applied(harness, payment: later, to: opening.remoteID))
        let after = try #require(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == opening.remoteID })
        #expect(after["Balance"]?.centsValue == 13_000)

        // The OMS changes the pre-cutover sale: the balance is not posted again; the sale waits
        // on the manual list, saying why.
        try OMSScenario(harness).raisePrice(sale: straddle.sale, by: 1_000)
        let third = await harness.qbsyncOutput("run")
        #expect(third.code == 0, "\(third.out)\n\(third.err)")
        let changed = try #require(try ledger.item("sale:\(straddle.sale)"))
        #expect(changed.state == .manual, "\(changed)")
        #expect(changed.code == "opening-balance-changed")
        #expect(changed.message?.contains("opening balance") == true, "\(changed.message ?? "")")
        #expect(Self.openings(harness).count == openings.count)
        #expect(harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == opening.remoteID }?["TotalAmt"]?.centsValue == 20_000)
    }

    @Test func aFailedOpeningBalanceIsPostedOnceByItsRetryAndNeverAgain() async throws {
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-offsite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copies) }
        let (harness, cutover) = try Self.harness(extra: "[ledger]\nbackup_dir = \"\(copies.path)\"")
        let straddle = try Self.straddle(harness, cutover: cutover)
        // The account the opening-balance item posts to is inactive: nothing can be opened.
        let screens = try QuickBooksScreens(harness)
        try await screens.setAccount("Opening Balance Equity", active: false)
        let first = await harness.qbsyncOutput("run")
        #expect(first.code == 1, "\(first.out)\n\(first.err)")
        #expect(Self.openings(harness).isEmpty)
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let failed = try ledger.items(in: .failed).map(\.ref)
        #expect(failed.contains("patient:\(straddle.patient)"), "\(failed)")

        try await screens.setAccount("Opening Balance Equity", active: true)
        let retry = await harness.qbsyncOutput(["retry", "--now"] + failed)
        #expect(retry.code == 0, "\(retry.out)\n\(retry.err)")
        let failures = try ledger.items(in: .failed)
        #expect(failures.isEmpty, "\(failures.prefix(3).map { $0.message ?? $0.ref })")
        let openings = Self.openings(harness)
        let customers = openings.compactMap { $0["CustomerRef"]?["value"]?.stringValue }
        #expect(Set(customers).count == customers.count, "a customer has two opening balances")
        _ = try Self.checkReceivables(harness, cutover: cutover, ledger: ledger)

        // Another run posts none again.
        let again = await harness.qbsyncOutput("run")
        #expect(again.code == 0, "\(again.out)\n\(again.err)")
        #expect(Self.openings(harness).count == openings.count)

        // The computer is replaced and the newest copy of the ledger restored: the next run
        // posts no balance again either.
        let newest = try #require(LedgerBackups(directory: copies, keep: 14).latest())
        let tokens = try Data(contentsOf: harness.workspace.appendingPathComponent("tokens.json"))
        try FileManager.default.removeItem(at: harness.workspace)
        let restore = await harness.qbsyncOutput("restore", newest.url.path)
        #expect(restore.code == 0, "\(restore.err)")
        try tokens.write(to: harness.workspace.appendingPathComponent("tokens.json"))
        _ = try OMSScenario(harness).payment(patient: straddle.patient, cents: 1_000, sale: straddle.sale, applied: 1_000)
        let restored = await harness.qbsyncOutput("run")
        #expect(restored.code == 0, "\(restored.out)\n\(restored.err)")
        #expect(Self.openings(harness).count == openings.count)
    }

    @Test func openingBalancesWithoutAStartDateOrNotTrueOrFalseAreAConfigurationError() async throws {
        let noDate = try PipelineHarness(pipelineExtra: "[sync]\nopening_balances = true")
        let refused = await noDate.qbsyncOutput("extract")
        #expect(refused.code == 2)
        #expect(refused.err.contains("sync.opening_balances = true needs sync.start_date"), "\(refused.err)")
        let notBool = try PipelineHarness(pipelineExtra: "[sync]\nstart_date = \"2026-01-01\"\nopening_balances = \"yes\"")
        let bad = await notBool.qbsyncOutput("extract")
        #expect(bad.code == 2, "\(bad.err)")
        #expect(bad.err.contains("opening_balances"), "\(bad.err)")
    }
}
