import Foundation
import QBSyncCore
import QBSyncJSON
import Testing

/// The gate between a hand edit and QuickBooks: a run as the transform wrote it validates, credit
/// applications and all, and an edit nobody validated never reaches the books, whether or not
/// the pipeline requires approval.
struct HandEditGateTests {
    /// The batch operations whose amounts the load settles from QuickBooks (`@open-balance`):
    /// the applications of return and write-off credits and of refunds.
    func openBalanceApplications(_ harness: PipelineHarness) throws -> [JSONValue] {
        try harness.batchDocuments(entity: "Payment").map(\.body).filter { payment in
            (payment["Line"]?.arrayValue ?? []).contains { $0["Amount"]?.stringValue == "@open-balance" }
        }
    }

    @Test func anUntouchedRunWithCreditApplicationsValidatesAndAHandEditInItIsApprovedAndLoaded() async throws {
        let harness = try PipelineHarness(patients: 40, days: 30, seed: 7, pipelineExtra: ReviewApprovalTests.requireApproval)
        let nightly = await harness.qbsync("run")
        #expect(nightly == 0 || nightly == 1)
        let run = harness.runID
        #expect(try !openBalanceApplications(harness).isEmpty, "the run has no credit application to validate")
        #expect(try !harness.batchDocuments(entity: "CreditMemo").isEmpty)

        // As the transform wrote it: nothing to refuse, nothing recorded.
        let validator = HandEditValidator(settings: try harness.settings(), ledger: try harness.openLedger())
        let untouched = try validator.validate(runID: run)
        #expect(untouched.problems.map(\.message) == [])
        #expect(untouched.isValid && !untouched.recorded)
        #expect(await harness.qbsync("transform", "--validate", "--run", run) == 0)

        // A correct hand edit in the same run validates, is approved and loaded.
        let edit = try HandEdit.moveFirstLineToAnotherClass(harness)
        let validated = await harness.qbsyncOutput("transform", "--validate", "--run", run)
        #expect(validated.code == 0, "\(validated.out)\(validated.err)")
        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 0)
        let load = await harness.qbsync("load", "--run", run)
        #expect(load == 0 || load == 1)
        let ledger = try harness.openLedger()
        let classID = try #require(try ledger.qboObject(edit.newClassKey)?.qboID)
        let invoice = try #require(harness.sandbox.objects("Invoice").first { $0["DocNumber"]?.stringValue == edit.docNumber })
        #expect(invoice["Line"]?.arrayValue?.first?["SalesItemLineDetail"]?["ClassRef"]?["value"]?.stringValue == classID)
        #expect(!harness.sandbox.objects("CreditMemo").isEmpty)
    }

    @Test func anUnvalidatedEditIsRefusedByTheLoadWhenApprovalIsNotRequired() async throws {
        let harness = try PipelineHarness(seed: 52)
        let run = try await harness.prepareRun()
        #expect(try harness.settings().requireApproval == false)

        // An invoice line lowered by 100.00 in the batch file, saved, and nothing else done.
        let (file, bId, invoice) = try #require(try harness.batchDocuments().first { document in
            (document.body["Line"]?.arrayValue?.first?["Amount"]?.centsValue ?? 0) > 10_000
        })
        let path = "2-transform/\(file)"
        let before = PipelineHarness.linesTotal(invoice)
        var body = try FileStore.readJSON(harness.runFile(path))
        body["BatchItemRequest"] = .array(
            body["BatchItemRequest"]!.arrayValue!.map { item in
                guard item["bId"]?.stringValue == bId else { return item }
                var item = item
                var lines = item["Invoice"]!["Line"]!.arrayValue!
                lines[0]["Amount"] = .cents(lines[0]["Amount"]!.centsValue! - 10_000)
                item["Invoice"]?["Line"] = .array(lines)
                return item
            })
        try FileStore.writeJSON(body, to: harness.runFile(path))

        let refused = await harness.qbsyncOutput("load", "--run", run)
        #expect(refused.code == 3)
        #expect(refused.err.contains(path))
        #expect(refused.err.contains("qbsync transform --validate --run \(run)"))
        #expect(refused.err.contains("qbsync transform --run \(run)"))
        #expect(harness.sandbox.objects("Invoice").isEmpty, "the load posted an edit nobody validated")
        #expect(harness.sandbox.objects("Customer").isEmpty)

        // Validated, the same edit loads as edited.
        #expect(await harness.qbsync("transform", "--validate", "--run", run) == 0)
        let load = await harness.qbsync("load", "--run", run)
        #expect(load == 0 || load == 1)
        let docNumber = try #require(invoice["DocNumber"]?.stringValue)
        let posted = try #require(harness.sandbox.objects("Invoice").first { $0["DocNumber"]?.stringValue == docNumber })
        #expect(posted["TotalAmt"]?.centsValue == before - 10_000)
    }
}
