import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncXML
import Testing

/// `[sync] opening_balances` on a desktop pipeline: the same opening-balance invoices, written
/// as InvoiceAdd, posted once into the sandbox's Desktop company, later payments of pre-cutover
/// sales applied to them, and each customer's balance the OMS's at the cutover plus what since.
struct DesktopOpeningBalanceTests {
    @Test func aDesktopCompanyOpensEachCustomersBalanceOnceAndLaterPaymentsApplyToIt() async throws {
        let (harness, cutover) = try OpeningBalanceTests.harness(extra: "[quickbooks]\nedition = \"desktop\"")
        let straddle = try OpeningBalanceTests.straddle(harness, cutover: cutover)
        let company = try DesktopCompany(folder: nil)
        let transport = DesktopCompanyTransport(company: company)
        let settings = try PipelineSettings.load(path: harness.pipelineURL.path, environment: harness.environment)
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        func runOnce() async throws -> LoadResult {
            #expect(await harness.qbsync("extract") == 0)
            let run = harness.latestRun.lastPathComponent
            let transformed = await harness.qbsyncOutput("transform", "--run", run)
            #expect(transformed.code == 0, "\(transformed.err)")
            let edition = DesktopEdition(transport: transport, leakCheckWorkspace: settings.workspace)
            let loader = Loader(settings: settings, ledger: ledger, edition: edition, logger: Logger(label: "desktop-opening"), actor: "e2e-test")
            return try await loader.run(runID: run)
        }
        func openings() throws -> [XMLTreeElement] {
            try transport.query("InvoiceQuery").filter { $0.text(of: "Memo")?.hasSuffix(" opening balance") == true }
        }

        let first = try await runOnce()
        #expect(first.failed == 0, "\(first.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(transport.refusals.isEmpty, "\(transport.refusals.prefix(3))")
        // What the load posted, by record: the oracle's "synced".
        let posted = try ledger.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM books_objects WHERE run_id IS NOT NULL AND run_id != 'hand-entered'"))
        }
        let oracle = try OpeningBalanceOracle(harness, cutover: cutover, synced: posted)
        let opened = try openings()
        #expect(opened.count == oracle.opening.values.filter { $0 > 0 }.count)
        #expect(opened.count >= 3)
        let dayBefore = straddle.dayBefore
        for invoice in opened { #expect(invoice.text(of: "TxnDate") == dayBefore) }

        // Each customer's balance in the company file.
        let balances = Dictionary(
            try transport.query("CustomerQuery").compactMap { customer in
                customer.text(of: "ListID").map { ($0, Money.cents(fromDecimalString: customer.text(of: "Balance") ?? "") ?? 0) }
            }) { a, _ in a }
        var checked = 0
        for customer in oracle.customers.sorted() {
            guard let id = try ledger.booksObject(customer)?.remoteID else {
                #expect(oracle.owed(customer) == 0, "\(customer) is not in QuickBooks though it owes \(oracle.owed(customer))")
                continue
            }
            #expect(balances[id] == oracle.owed(customer), "\(customer): at the cutover \(oracle.opening[customer] ?? 0), since \(oracle.since[customer] ?? 0)")
            checked += 1
        }
        #expect(checked > 5)

        // The test's patient: 200.00 opened, 50.00 paid after the cutover applied to it.
        let opening = try #require(try ledger.booksObject("invoice patient:\(straddle.patient) opening"))
        let invoice = try #require(try transport.query("InvoiceQuery", [.leaf("TxnID", opening.remoteID)]).first)
        #expect(Money.cents(fromDecimalString: invoice.text(of: "Subtotal") ?? invoice.text(of: "BalanceRemaining") ?? "") == 20_000)
        #expect(Money.cents(fromDecimalString: invoice.text(of: "BalanceRemaining") ?? "") == 15_000)

        // The load again sends nothing; a later night's payment goes to the same invoice, and
        // no second opening balance is posted.
        let sentBefore = transport.writeSets
        _ = try OMSScenario(harness).payment(patient: straddle.patient, cents: 2_000, sale: straddle.sale, applied: 2_000)
        let second = try await runOnce()
        #expect(second.failed == 0, "\(second.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(transport.writeSets > sentBefore)
        #expect(try openings().count == opened.count)
        let after = try #require(try transport.query("InvoiceQuery", [.leaf("TxnID", opening.remoteID)]).first)
        #expect(Money.cents(fromDecimalString: after.text(of: "BalanceRemaining") ?? "") == 13_000)
    }
}
