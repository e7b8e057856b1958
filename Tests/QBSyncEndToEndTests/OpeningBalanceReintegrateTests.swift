import Foundation
import QBSyncCore
import QBSyncJSON
import Testing

/// The opening-balance invoices carry qbsync's note like every document it posts (naming a
/// sale or a payer, never a patient): a workspace that lost its ledger finds them again, and
/// posts none a second time.
struct OpeningBalanceReintegrateTests {
    @Test func aLostWorkspaceFindsItsOpeningBalancesByTheirNotesAndPostsNoneAgain() async throws {
        let (harness, cutover) = try OpeningBalanceTests.harness()
        let straddle = try OpeningBalanceTests.straddle(harness, cutover: cutover)
        let first = await harness.qbsyncOutput("run")
        #expect(first.code == 0, "\(first.out)\n\(first.err)")
        let opened = OpeningBalanceTests.openings(harness)
        #expect(opened.count >= 3)
        let ledgerURL = harness.workspace.appendingPathComponent("ledger.sqlite")
        let posted = try #require(try Ledger(url: ledgerURL).booksObject("invoice patient:\(straddle.patient) opening"))

        try ReintegrateTests.loseWorkspace(harness)
        let reintegrate = await harness.qbsyncOutput("reintegrate")
        #expect(reintegrate.code != 2 && reintegrate.code != 3, "\(reintegrate.out)\n\(reintegrate.err)")
        let report = try ReintegrateTests.report(harness)
        let unmatched = report.json["unmatched"]?.arrayValue ?? []
        #expect(!unmatched.contains { ($0["marker"]?.stringValue ?? "").hasSuffix("opening balance") }, "\(report.text)")
        let ledger = try Ledger(url: ledgerURL)
        #expect(try ledger.booksObject("invoice patient:\(straddle.patient) opening")?.remoteID == posted.remoteID)

        // The next night posts what is new, and no opening balance again.
        _ = try OMSScenario(harness).payment(patient: straddle.patient, cents: 1_000, sale: straddle.sale, applied: 1_000)
        let next = await harness.qbsyncOutput("run")
        #expect(next.code == 0, "\(next.out)\n\(next.err)")
        #expect(OpeningBalanceTests.openings(harness).count == opened.count)
    }
}
