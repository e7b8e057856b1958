import Foundation
import GRDB
import QBSyncCore
import Testing

/// What the cutover adopts from the bookkeeper's books is no history with the company: a fresh
/// workspace still refuses to load into a company that holds qbsync's documents.
struct CutoverRefusalTests {
    @Test func aFreshWorkspaceWithAStartDateStillRefusesACompanyThatHoldsQbsyncsDocuments() async throws {
        let probe = try PipelineHarness()
        let cutover: String = try probe.oms { db in
            try #require(try String.fetchOne(db, sql: "SELECT sale_date FROM sales ORDER BY sale_date LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sales)"))
        }
        let harness = try PipelineHarness(pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"")
        let first = await harness.qbsyncOutput("run")
        #expect(first.code == 0, "\(first.out)\n\(first.err)")
        let before = BooksSnapshot(harness.sandbox)
        // The third parties' customers qbsync made have the names the OMS gives them: a fresh
        // workspace's cutover would take them for the bookkeeper's.
        try ReintegrateTests.loseWorkspace(harness)
        let refused = await harness.qbsyncOutput("run")
        #expect(refused.code == 3, "\(refused.out)\n\(refused.err)")
        #expect(refused.err.contains("qbsync reintegrate"), "\(refused.err)")
        #expect(BooksSnapshot(harness.sandbox) == before)
    }
}
