import Foundation
import QBSyncCore
import QBSyncJSON
import Testing

/// The review warns, before anything is loaded, about a document QuickBooks holds that qbsync
/// did not post and that looks like one the run would post (a bank feed's copy of a payment).
struct BooksLookAlikeTests {
    @Test func aPaymentABankFeedAlreadyPostedShowsAsAWarningInTheReviewBeforeTheLoad() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[review]\ncheck_books = true")
        let scenario = try OMSScenario(harness)
        let patient = try scenario.patient()
        let sale = try scenario.sale(patient: patient, cents: 30_000).sale
        let first = await harness.qbsyncOutput("run")
        #expect(first.code == 0, "\(first.out)\n\(first.err)")
        let firstPage = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
        #expect(firstPage.contains("QuickBooks checked before loading"), "the review does not say the books were checked")

        // The bank feed brings the patient's card payment into QuickBooks before the OMS's copy.
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let customer = try #require(try ledger.booksObject("customer patient:\(patient)"))
        let fromTheFeed = try await QuickBooksScreens(harness).enterPayment(customerID: customer.remoteID, cents: 12_345, date: scenario.date)
        let payment = try scenario.payment(patient: patient, cents: 12_345, sale: sale, applied: 12_345)

        let extract = await harness.qbsyncOutput("extract")
        #expect(extract.code == 0, "\(extract.out)\n\(extract.err)")
        let run = harness.latestRun.lastPathComponent
        let transform = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transform.code == 0, "\(transform.out)\n\(transform.err)")
        let page = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
        #expect(page.contains("QuickBooks id \(fromTheFeed)") && page.contains("which qbsync did not post"),
            "no warning on the page: \((try? String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/books-check.json"), encoding: .utf8)) ?? "") \((try? String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.csv"), encoding: .utf8)) ?? "")")
        let review = await harness.qbsyncOutput("review", "--run", run)
        #expect(review.out.contains("QuickBooks id \(fromTheFeed)"), "\(review.out)")
        // Nothing was loaded: the OMS's payment is not in QuickBooks.
        #expect(!harness.sandbox.objects("Payment").contains { $0["PrivateNote"]?.stringValue == "qbsync payment:\(payment)" })

        // A pipeline that does not check the books says so on the page.
        let unchecked = try PipelineHarness(pipelineExtra: "")
        let quiet = await unchecked.qbsyncOutput("run")
        #expect(quiet.code == 0, "\(quiet.out)\n\(quiet.err)")
        let uncheckedPage = try String(contentsOf: unchecked.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
        #expect(uncheckedPage.contains("QuickBooks not checked for documents qbsync did not post: [review] check_books is off"))
    }
}
