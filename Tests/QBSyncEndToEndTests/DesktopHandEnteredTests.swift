import Foundation
import GRDB
import QBSyncCore
import QBSyncCommands
import QBSyncJSON
import QBSyncSandbox
import QBSyncWebConnector
import Testing

extension DesktopWebConnectorBooksTests {
    /// The cutover's hand-entered links and the review's look-alike check on a desktop pipeline:
    /// the transform never waits for the Web Connector; it reads the copy of the company's books
    /// the Web Connector's last session kept, and says when that was.
    @Suite struct DesktopHandEnteredTests {
        @Test func desktopPaymentsAfterTheCutoverLinkToHandEnteredInvoicesAndAnAmbiguousOneIsLeftForManualEntry() async throws {
            let probe = try PipelineHarness(patients: 40, days: 60, seed: 7)
            let cutover: String = try probe.oms { db in
                try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
            }
            let clinic = try DesktopClinic(
                patients: 40, days: 60, seed: 7,
                pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"\n[redaction]\nenabled = false\ndisabled_by = \"cutover test\"")
            let harness = clinic.harness
            let straddles = try CutoverLinkTests.straddles(harness, cutover: cutover, count: 3)
            let (linked, ambiguous) = (Array(straddles.prefix(2)), straddles[2])

            // The bookkeeper's books in QuickBooks Desktop: the two sales as she typed them, the third twice over.
            let screens = DesktopScreens(company: clinic.company)
            try screens.prepare()
            var handEntered: [Int: String] = [:]
            for sale in linked {
                let customer = try screens.enterCustomer(sale.name)
                handEntered[sale.sale] = try screens.enterInvoice(customerID: customer, number: nil, cents: sale.cents, date: sale.date)
            }
            let twice = try screens.enterCustomer(ambiguous.name)
            for _ in 0..<2 { _ = try screens.enterInvoice(customerID: twice, number: nil, cents: ambiguous.cents, date: ambiguous.date) }

            // Before the first run: one Web Connector update reads the company for the cutover.
            // (It lists the bookkeeper's customers it matched by name as unknown to the ledger: exit 1.)
            let read = await clinic.qbsync("reintegrate", "--check-only", "--wait", "300")
            #expect(read.code == 0 || read.code == 1, "\(read.out)\n\(read.err)")
            let snapshot = try #require(DesktopBooksSnapshot.load(workspace: harness.workspace))
            #expect(snapshot.documents.count == 4)

            let run = await clinic.qbsync("run", "--wait", "300")
            #expect(run.code == 0, "\(run.out)\n\(run.err)")

            // Nothing qbsync posted is dated before the cutover.
            let transport = DesktopCompanyTransport(company: clinic.company)
            for type in ["InvoiceQuery", "CreditMemoQuery", "ReceivePaymentQuery", "ARRefundCreditCardQuery"] {
                for ret in try transport.query(type) where (ret.text(of: "Memo") ?? "").contains("qbsync ") {
                    #expect((ret.text(of: "TxnDate") ?? "") >= cutover, "\(type) \(ret.text(of: "Memo") ?? "")")
                }
            }
            // Each later payment is applied to the invoice the bookkeeper entered; the ledger keeps it adopted.
            let ledger = try harness.openLedger()
            let payments = try transport.query("ReceivePaymentQuery")
            for sale in linked {
                let invoiceID = try #require(handEntered[sale.sale])
                #expect(try ledger.item("payment:\(sale.payment)")?.state == .synced)
                let posted = try #require(payments.first { ($0.text(of: "Memo") ?? "").hasSuffix("qbsync payment:\(sale.payment)") })
                #expect(posted.children(named: "AppliedToTxnRet").contains { $0.text(of: "TxnID") == invoiceID }, "\(posted)")
                let adopted = try #require(try ledger.booksObject("invoice sale:\(sale.sale) patient"))
                #expect(adopted.remoteID == invoiceID && adopted.runID == "hand-entered" && adopted.edition == .desktop)
                let invoice = try #require(try transport.query("InvoiceQuery", [.leaf("TxnID", invoiceID)]).first)
                #expect(Money.cents(fromDecimalString: invoice.text(of: "BalanceRemaining") ?? "") == sale.cents - 5_000)
                #expect(try transport.query("CustomerQuery", [.leaf("ActiveStatus", "All")]).filter { $0.text(of: "Name") == sale.name }.count == 1)
            }
            // Two hand-entered invoices fit the third sale: its payment waits on the manual list, saying
            // what was searched and in which copy of the books.
            let item = try #require(try ledger.item("payment:\(ambiguous.payment)"))
            #expect(item.state == .manual, "\(item)")
            let message = item.message ?? ""
            #expect(message.contains("sale:\(ambiguous.sale)") && message.contains("found 2 that fit"), "\(message)")
            #expect(message.contains("QuickBooks as read at \(snapshot.readAt)"), "\(message)")
            #expect(!payments.contains { ($0.text(of: "Memo") ?? "").hasSuffix("qbsync payment:\(ambiguous.payment)") })
        }

        @Test func theReviewOfADesktopRunWarnsOfAPaymentABankFeedPostedAsQuickBooksWasLastRead() async throws {
            let clinic = try DesktopClinic(seed: 41, pipelineExtra: "[review]\ncheck_books = true")
            let harness = clinic.harness
            let scenario = try OMSScenario(harness)
            let patient = try scenario.patient()
            let sale = try scenario.sale(patient: patient, cents: 30_000).sale
            let first = await clinic.qbsync("run", "--wait", "300")
            #expect(first.code == 0, "\(first.err)")
            // The Web Connector had never called before the first transform: the review says so.
            let firstPage = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
            #expect(firstPage.contains("QuickBooks not checked for documents qbsync did not post: the Web Connector has not called since"), "\(firstPage.prefix(3000))")
            // The first load's session read the books afterwards.
            #expect(DesktopBooksSnapshot.load(workspace: harness.workspace) != nil)

            // The bank feed brings the patient's card payment into QuickBooks before the OMS's copy.
            let ledger = try harness.openLedger()
            let customer = try #require(try ledger.booksObject("customer patient:\(patient)"))
            let fromTheFeed = try DesktopScreens(company: clinic.company).enterPayment(customerID: customer.remoteID, cents: 12_345, date: scenario.date)
            let payment = try scenario.payment(patient: patient, cents: 12_345, sale: sale, applied: 12_345)
            // A Web Connector update reads the books again (here a reintegration's check).
            let check = await clinic.qbsync("reintegrate", "--check-only", "--wait", "300")
            #expect(check.code != 3, "\(check.out)\n\(check.err)")
            let snapshot = try #require(DesktopBooksSnapshot.load(workspace: harness.workspace))

            // The transform needs no Web Connector: it reads the copy, and the review warns.
            #expect(await harness.qbsyncOutput("extract").code == 0)
            let run = harness.latestRun.lastPathComponent
            let transform = await harness.qbsyncOutput("transform", "--run", run)
            #expect(transform.code == 0, "\(transform.out)\n\(transform.err)")
            let page = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
            #expect(page.contains("QuickBooks id \(fromTheFeed)") && page.contains("which qbsync did not post"),
                "no warning: \((try? String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/books-check.json"), encoding: .utf8)) ?? "")")
            #expect(page.contains("QuickBooks as read at \(snapshot.readAt)"))
            let review = await harness.qbsyncOutput("review", "--run", run)
            #expect(review.out.contains("QuickBooks id \(fromTheFeed)"), "\(review.out)")
            // Nothing was loaded: the OMS's payment is not in QuickBooks.
            let payments = try DesktopCompanyTransport(company: clinic.company).query("ReceivePaymentQuery")
            #expect(!payments.contains { ($0.text(of: "Memo") ?? "").hasSuffix("qbsync payment:\(payment)") })
        }

        @Test func anIdleWebConnectorServiceReadsTheBooksWhenItsCopyIsMissing() async throws {
            let harness = try PipelineHarness(patients: 6, days: 10, seed: 43, pipelineExtra: DesktopLoadTests.desktop + "\n[review]\ncheck_books = true")
            let company = try DesktopCompany(folder: nil)
            company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
            let screens = DesktopScreens(company: company)
            try screens.prepare()
            let customer = try screens.enterCustomer("Walk-in Sales")
            let invoice = try screens.enterInvoice(customerID: customer, number: "POS1", cents: 1_999, date: "2026-11-02")

            let standing = DesktopStandingWork()
            let server = WebConnectorServer(
                service: WebConnectorService(
                    settings: WebConnectorSettings(
                        userName: "qbsync", password: DesktopLoadCommandTests.password,
                        companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: ""))),
                    work: standing),
                host: "127.0.0.1", port: 0)
            try server.start()
            defer { server.stop(grace: 5) }
            let environment = CommandEnvironment(variables: harness.environment)
            let pipeline = harness.pipelineURL.path
            let serving = Task {
                try await CommandEnvironment.$current.withValue(environment) { try await standing.serve(pipeline: pipeline, every: .milliseconds(50)) }
            }
            let connector = SandboxWebConnector(
                url: URL(string: server.url)!, userName: "qbsync", password: DesktopLoadCommandTests.password, quickBooks: company,
                noOpWait: .milliseconds(10))
            let polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
            defer { polling.cancel() }
            // No run to load: the service still offers the Web Connector's update a read of the books.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, DesktopBooksSnapshot.load(workspace: harness.workspace) == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
            standing.stop()
            serving.cancel()
            let snapshot = try #require(DesktopBooksSnapshot.load(workspace: harness.workspace))
            #expect(snapshot.handEntered.documents.map(\.id) == [invoice])
            #expect(snapshot.handEntered.customerNames[customer] == "Walk-in Sales")
        }
    }
}
