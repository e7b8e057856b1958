import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// A clinic that kept its books by hand until `[sync] start_date`: nothing dated before the
/// cutover is posted, and what settles such a document later goes to the manual-entry list.
struct CutoverTests {
    @Test func nothingDatedBeforeTheCutoverIsPostedAndWhatSettlesItLaterIsLeftForManualEntry() async throws {
        // Pick the cutover so that some payment received on or after it pays a sale made before it.
        let probe = try PipelineHarness(patients: 60, days: 90, seed: 5)
        let (cutover, straddling): (String, Int) = try probe.oms { db in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT p.received_date AS cutover, p.id AS payment FROM payments p
                        JOIN payment_applications a ON a.payment_id = p.id JOIN sales s ON s.id = a.sale_id
                        WHERE s.sale_date < p.received_date AND p.status = 'active' ORDER BY p.received_date, p.id LIMIT 1 OFFSET 5
                        """))
            return (row["cutover"], row["payment"])
        }
        let harness = try PipelineHarness(patients: 60, days: 90, seed: 5, pipelineExtra: "[sync]\nstart_date = \"\(cutover)\"")
        let run = await harness.qbsyncOutput("run")
        #expect(run.code == 0, "\(run.out)\n\(run.err)")

        // QuickBooks holds no document dated before the cutover, and some after it.
        var posted = 0
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt"] {
            for object in harness.sandbox.objects(entity) {
                let date = try #require(object["TxnDate"]?.stringValue)
                #expect(date >= cutover, "\(entity) \(object["DocNumber"]?.stringValue ?? "") dated \(date)")
                posted += 1
            }
        }
        #expect(posted > 0)

        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let before: Set<String> = try harness.oms { db in
            Set(try Int.fetchAll(db, sql: "SELECT id FROM sales WHERE sale_date < ?", arguments: [cutover]).map { "sale:\($0)" })
        }
        let excluded = try ledger.items(in: .excluded)
        #expect(!before.isEmpty)
        for item in excluded where item.ref.hasPrefix("sale:") {
            #expect(before.contains(item.ref))
            #expect(item.code == "before-cutover")
        }
        // Every sale before the cutover that a run took is excluded, none synced.
        let synced = Set(try ledger.items(in: .synced).map(\.ref))
        #expect(before.isDisjoint(with: synced), "\(before.intersection(synced))")
        #expect(excluded.contains { $0.ref.hasPrefix("sale:") })

        // The payment after the cutover of a sale before it is on the manual list, saying why.
        let manual = try #require(try ledger.item("payment:\(straddling)"))
        #expect(manual.state == .manual, "\(manual)")
        #expect(manual.message?.contains("before the cutover") == true, "\(manual.message ?? "")")
        // It says what was looked for in QuickBooks: with redaction on a patient's hand-entered
        // customer is not matched; a third party's is matched by name, and none holds it here.
        let searched = manual.message ?? ""
        #expect(searched.contains("patient names are redacted") || searched.contains("found no customer of that name"), "\(searched)")
        let status = await harness.qbsyncOutput("status")
        #expect(status.out.contains("payment:\(straddling)"))

        // The run summary's OMS and QuickBooks totals still agree to the cent.
        let summary = try FileStore.readJSON(harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        for (type, totals) in summary["totals_by_document"]?.objectValue ?? [:] {
            #expect(totals["difference"]?.centsValue == 0, "\(type)")
        }

        // The accountant's review shows them apart from what failed, as no error.
        let page = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.html"), encoding: .utf8)
        let plan = try FileStore.readJSON(harness.latestRun.appendingPathComponent("2-transform/plan.json"))
        let planFailures = plan["failures"]?.arrayValue ?? []
        let leftOut = planFailures.filter { $0["excluded"]?.boolValue == true }.count
        #expect(leftOut > 0)
        #expect(page.contains("Not in this run: \(leftOut) document(s) dated before the cutover ([sync] start_date) left out"))
        let failed = planFailures.count - leftOut
        #expect(failed == 0 || page.contains("Not in this run: \(failed) record(s) could not be mapped"), "left-out documents counted as failures")

        // A later night: a new payment of a sale the first run left out goes to the manual list
        // too, found through the ledger's record of that sale.
        let scenario = try OMSScenario(harness)
        let (sale, patient): (Int, Int) = try harness.oms { db in
            let row = try #require(
                try Row.fetchOne(
                    db, sql: "SELECT id, patient_id FROM sales WHERE sale_date < ? AND status = 'open' ORDER BY id LIMIT 1",
                    arguments: [cutover]))
            return (row["id"], row["patient_id"])
        }
        #expect(try ledger.item("sale:\(sale)")?.state == .excluded)
        let late = try scenario.payment(patient: patient, cents: 500, sale: sale, applied: 500)
        let second = await harness.qbsyncOutput("run")
        #expect(second.code == 0, "\(second.out)\n\(second.err)")
        let item = try #require(try ledger.item("payment:\(late)"))
        #expect(item.state == .manual, "\(item)")
        #expect(item.message?.contains("sale:\(sale)") == true, "\(item.message ?? "")")
        #expect(!harness.sandbox.objects("Payment").contains { $0["PrivateNote"]?.stringValue == "qbsync payment:\(late)" })
    }

    @Test func aStartDateThatIsNotADateIsAConfigurationError() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[sync]\nstart_date = \"last spring\"")
        let refused = await harness.qbsyncOutput("extract")
        #expect(refused.code == 2)
        #expect(refused.err.contains("sync.start_date must be a date written YYYY-MM-DD"), "\(refused.err)")
    }
}
