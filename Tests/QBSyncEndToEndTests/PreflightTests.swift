import Foundation
import GRDB
import Logging
import QBSyncCommands
import QBSyncCore
import QBSyncJSON
import Testing

/// Before a load writes anything it checks what would otherwise fail halfway: the connection,
/// the accounts the pipeline maps to, the objects posted earlier that the run reuses, and the
/// books' closing date. What fails a check fails alone, with a reason that says what to do.
struct PreflightTests {
    func results(_ harness: PipelineHarness, run: String) throws -> [OperationResult] {
        let json = try FileStore.readJSON(harness.workspace.appendingPathComponent("runs/\(run)/3-load/results.json"))
        return (json["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:))
    }

    /// The OMS sales QuickBooks holds an invoice of (a refund's clearing invoice is no sale).
    func postedSales(_ harness: PipelineHarness) -> Set<String> {
        Set(
            harness.sandbox.objects("Invoice").compactMap { $0["PrivateNote"]?.stringValue?.replacingOccurrences(of: "qbsync ", with: "") }
                .filter { $0.hasPrefix("sale:") })
    }

    @Test func documentsDatedInAClosedPeriodFailWithTheReasonAndTheRestArePosted() async throws {
        // The books closed on the middle one of the OMS's sale dates.
        let harness = try PipelineHarness { sandbox, oms in
            let dates = try DatabaseQueue(path: oms.path).read { db in
                try String.fetchAll(db, sql: "SELECT sale_date FROM sales WHERE status = 'open' ORDER BY sale_date")
            }
            sandbox.bookCloseDate = dates[dates.count / 2]
        }
        let close = try #require(harness.sandbox.configuration.bookCloseDate)
        let run = try await harness.prepareRun()
        #expect(await harness.qbsync("load", "--run", run) == 1)
        _ = await harness.qbsync("reconcile", "--run", run)

        let sales = try harness.oms { db in
            try Row.fetchAll(db, sql: "SELECT id, sale_date FROM sales WHERE status = 'open'").map { ("sale:\($0["id"] as Int)", $0["sale_date"] as String) }
        }
        let closed = Set(sales.filter { $0.1 <= close }.map(\.0))
        let open = Set(sales.filter { $0.1 > close }.map(\.0))
        try #require(!closed.isEmpty && !open.isEmpty, "the sample's sales must fall on both sides of \(close)")
        #expect(postedSales(harness) == open)
        let ledger = try harness.openLedger()
        for sale in closed {
            let item = try #require(try ledger.item(sale))
            #expect(item.state == .failed)
            #expect(item.code == "closed-period")
            #expect(item.message?.contains("in a closed accounting period (the books are closed up to \(close) in QuickBooks)") == true)
            #expect(item.message?.contains("'qbsync manual \(sale)'") == true)
        }
        for sale in open { #expect(try ledger.item(sale)?.state == .synced) }
    }

    @Test func operationsNeedingAMissingAccountFailClearlyAndTheRestGoOn() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[accounts.income]\nservice = \"Hearing services\"\n")
        let run = try await harness.prepareRun()
        #expect(await harness.qbsync("load", "--run", run) == 1)
        let refused = try results(harness, run: run).filter { $0.code == "account-missing" }
        #expect(!refused.isEmpty)
        for result in refused {
            #expect(result.entity == "Item")
            #expect(result.message?.contains("the account \"Hearing services\" that the pipeline maps to is not in QuickBooks") == true)
            #expect(result.message?.contains("[accounts]") == true)
        }
        let refusedNames = Set(refused.map(\.ref))
        let posted = harness.sandbox.objects("Item").count
        #expect(posted > 10, "items of other kinds were posted")
        #expect(try results(harness, run: run).filter { refusedNames.contains($0.ref) }.allSatisfy(\.failed))
    }

    @Test func anItemMadeInactiveInQuickBooksStopsOnlyTheDocumentsThatNeedIt() async throws {
        let harness = try PipelineHarness(seed: 21)
        _ = await harness.qbsync("run")
        let item = try #require(try harness.openLedger().qboObject("item generic:hearing_aid"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let api = try LiveQuickBooks.api(settings: try harness.settings(), logger: logger)
        let current = try #require(try await api.query("select * from Item where Id = '\(item.qboID)'").first)
        let update: JSONValue = [
            "Id": .string(item.qboID), "SyncToken": current["SyncToken"] ?? "0", "sparse": true, "Active": false,
        ]
        _ = try await api.batch(["BatchItemRequest": [["bId": "i1", "operation": "update", "Item": update]]], requestID: "test-deactivate")

        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 12, seed: 5)
        let run = try await harness.prepareRun()
        #expect(await harness.qbsync("load", "--run", run) == 1)
        let all = try results(harness, run: run)
        let refused = all.filter { $0.code == "reference-inactive" }
        try #require(!refused.isEmpty, "the new sales sell hearing aids")
        for result in refused {
            #expect(result.entity == "Invoice")
            #expect(result.message?.contains("the item \"Hearing aid\" (QuickBooks id \(item.qboID)), which qbsync posted earlier, is inactive in QuickBooks") == true)
        }
        #expect(all.contains { $0.entity == "Invoice" && $0.status == "created" }, "invoices without hearing aids were posted")
    }

    @Test func aLoadThatCannotReachTheCompanyPostsNothingAndAsksForALogin() async throws {
        let harness = try PipelineHarness()
        let run = try await harness.prepareRun()
        var environment = harness.environment
        environment["QBSYNC_QBO_REALM"] = "4620816365000000"
        let code = await QBSync.run(arguments: ["load", "--run", run, "--pipeline", harness.pipelineURL.path], environment: environment)
        #expect(code == 3)
        #expect(harness.sandbox.statistics.writes == 0)
    }
}
