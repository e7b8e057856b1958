import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// A morning at the operator's desk: last night's run met a customer name already used in
/// QuickBooks, a mapped account someone made inactive, and a closed period. `status` names the
/// fix for each; the operator fixes one and retries it, excludes one, enters one by hand and
/// ticks it off; the ledger's history shows every step with who and when.
struct OperatorDeskTests {
    /// What the test knows about the generated OMS, asked of it directly.
    struct Plan {
        var closeDate: String
        /// Open sales dated on or before the closing date that touch nothing else planted.
        var closedSales: [String]
        /// Every open sale dated on or before the closing date.
        var allClosed: Set<String>
        var payer: (ref: String, name: String)
        /// Repair items: they post to the pipeline's "Repair Income" account.
        var repairItems: Set<String>
        /// Sales that bill the planted payer.
        var payerSales: Set<String>
    }

    static let pipeline = "[sync]\noperators = [\"ana\", \"ben\"]\n[accounts.income]\nrepair = \"Repair Income\""

    /// Picks the planted troubles from the OMS: a payer with a name of its own, the repair items
    /// (their account goes inactive), and a closing date covering at least two sales that meet
    /// nothing else.
    static func plan(_ omsURL: URL) throws -> Plan {
        try DatabaseQueue(path: omsURL.path).read { db in
            let payer = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.id, p.name FROM payers p WHERE p.name NOT GLOB '*[:(]*' AND LENGTH(p.name) < 60
                        AND (SELECT COUNT(*) FROM payers q WHERE LOWER(q.name) = LOWER(p.name)) = 1
                    ORDER BY EXISTS (SELECT 1 FROM sale_allocations a WHERE a.payer_id = p.id) DESC, p.id LIMIT 1
                    """)!
            let repairs = Set(try Int.fetchAll(db, sql: "SELECT id FROM items WHERE kind = 'repair'").map { "item:\($0)" })
            let clean = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.sale_date FROM sales s WHERE s.status = 'open'
                        AND NOT EXISTS (SELECT 1 FROM sale_lines l JOIN items i ON i.id = l.item_id
                            WHERE l.sale_id = s.id AND i.kind = 'repair')
                        AND NOT EXISTS (SELECT 1 FROM sale_lines l JOIN sale_allocations a ON a.sale_line_id = l.id
                            WHERE l.sale_id = s.id AND a.payer_id = ?)
                    ORDER BY s.sale_date, s.id
                    """, arguments: [payer["id"] as Int])
            let closeDate: String = clean[1]["sale_date"]
            let closed = try Int.fetchAll(db, sql: "SELECT id FROM sales WHERE status = 'open' AND sale_date <= ?", arguments: [closeDate])
            let cleanIDs = Set(clean.map { $0["id"] as Int })
            let payerSales = try Int.fetchAll(
                db,
                sql: "SELECT DISTINCT l.sale_id FROM sale_lines l JOIN sale_allocations a ON a.sale_line_id = l.id WHERE a.payer_id = ?",
                arguments: [payer["id"] as Int])
            return Plan(
                closeDate: closeDate, closedSales: closed.filter(cleanIDs.contains).map { "sale:\($0)" },
                allClosed: Set(closed.map { "sale:\($0)" }),
                payer: ("payer:\(payer["id"] as Int)", payer["name"]), repairItems: repairs,
                payerSales: Set(payerSales.map { "sale:\($0)" }))
        }
    }

    /// The OMS edits sales (a change-feed row each), as the front desk would.
    static func touch(_ omsURL: URL, sales: [String]) throws {
        try DatabaseQueue(path: omsURL.path).write { db in
            for ref in sales {
                try db.execute(
                    sql: "INSERT INTO change_log (entity, entity_id, op, changed_at, changed_by) VALUES ('sale', ?, 'update', '2026-11-30T10:00:00Z', 'front desk')",
                    arguments: [Int(ref.dropFirst("sale:".count))!])
            }
        }
    }

    static func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    static func entry(_ status: JSONValue, _ list: String, _ ref: String) -> JSONValue? {
        status[list]?.arrayValue?.first { $0["ref"]?.stringValue == ref }
    }

    @Test func aMorningAtTheDesk() async throws {
        var plan: Plan?
        let harness = try PipelineHarness(patients: 30, days: 30, pipelineExtra: Self.pipeline) { configuration, omsURL in
            plan = try Self.plan(omsURL)
            configuration.bookCloseDate = plan!.closeDate
        }
        let planted = try #require(plan)
        let screens = try QuickBooksScreens(harness)
        try await screens.createCustomer(named: planted.payer.name)
        try await screens.createAccount(named: "Repair Income", type: "Income")
        try await screens.setAccount("Repair Income", active: false)

        // Last night.
        #expect(await harness.qbsync("run", "--by", "ana") == 1)

        // The morning: status names each trouble and its fix.
        var status = try Self.json(await harness.qbsyncOutput("status", "--json").out)
        let payer = try #require(Self.entry(status, "failed", planted.payer.ref), "the clashing payer failed")
        #expect(payer["code"] == "6240")
        #expect(payer["resolution"]?.stringValue?.contains("Rename the other customer, vendor or employee in QuickBooks") == true)
        #expect(payer["resolution"]?.stringValue?.contains("'qbsync retry \(planted.payer.ref)'") == true)
        let failedItems = (status["failed"]?.arrayValue ?? []).compactMap { $0["ref"]?.stringValue }.filter { $0.hasPrefix("item:") }
        #expect(!failedItems.isEmpty && Set(failedItems).isSubset(of: planted.repairItems))
        for ref in failedItems {
            let item = try #require(Self.entry(status, "failed", ref))
            #expect(item["code"] == "account-inactive", "the load's preflight finds the inactive account")
            #expect(item["resolution"]?.stringValue?.contains("Reactivate (or create) the account \"Repair Income\" in QuickBooks") == true)
            #expect(item["resolution"]?.stringValue?.contains("[accounts]") == true)
        }
        #expect(planted.closedSales.count >= 2)
        for ref in planted.closedSales {
            let sale = try #require(Self.entry(status, "failed", ref), "\(ref) in the closed period failed")
            #expect(sale["code"] == "closed-period", "the load's preflight holds back what QuickBooks would refuse with 6210")
            #expect(sale["title"] == "closed accounting period")
            #expect(sale["resolution"]?.stringValue?.contains("Move the company's closing date in QuickBooks") == true)
            #expect(sale["resolution"]?.stringValue?.contains("'qbsync manual \(ref)'") == true)
        }
        let text = await harness.qbsyncOutput("status").out
        #expect(text.contains("\(planted.closedSales[0]): closed accounting period (closed-period)"))
        #expect(text.contains("fix: Move the company's closing date"))
        #expect(text.contains("operators: ana, ben"))

        // Someone without the privilege cannot act; nothing changes.
        let refused = await harness.qbsyncOutput("retry", failedItems[0], "--by", "carol")
        #expect(refused.code == 3)
        #expect(refused.err.contains("[sync] operators"))
        #expect(await harness.qbsync("load", "--run", harness.latestRun.lastPathComponent, "--by", "carol") == 3)

        // The operator reactivates the account in QuickBooks and retries the items at once.
        let accountID = try await screens.setAccount("Repair Income", active: true)
        let retried = await harness.qbsyncOutput(["retry", "--now", "--by", "ana"] + failedItems)
        #expect(retried.code == 0, "\(retried.out)\(retried.err)")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        for ref in failedItems {
            #expect(try ledger.item(ref)?.state == .synced)
            let object = try #require(try ledger.qboObject("item \(ref)"))
            let posted = harness.sandbox.objects("Item").first { $0["Id"]?.stringValue == object.qboID }
            #expect(posted?["IncomeAccountRef"]?["value"]?.stringValue == accountID)
        }

        // A sale that only waited for those items goes with the next run.
        let candidates = try ledger.items(in: .failed).filter { item in
            item.code == "dependency-failed" && item.ref.hasPrefix("sale:") && !planted.allClosed.contains(item.ref)
                && !planted.payerSales.contains(item.ref)
        }
        let waiting = try #require(try candidates.first { try ledger.qboObjects(ref: $0.ref).isEmpty })
        #expect(await harness.qbsync("retry", waiting.ref, "--by", "ana") == 0)
        status = try Self.json(await harness.qbsyncOutput("status", "--json").out)
        #expect(Self.entry(status["pending"] ?? .null, "items", waiting.ref)?["state"] == "queued")
        #expect(status["pending"]?["by_kind"]?["sale"]?["queued"]?.intValue ?? 0 >= 1)

        // One closed-period sale is excluded, another entered by hand and ticked off.
        let (excluded, manual) = (planted.closedSales[0], planted.closedSales[1])
        #expect(await harness.qbsync("exclude", excluded, "--reason", "entered in the 2025 books by the accountant", "--by", "ben") == 0)
        #expect(await harness.qbsync("manual", manual, "--by", "ana") == 0)
        status = try Self.json(await harness.qbsyncOutput("status", "--json").out)
        #expect(Self.entry(status, "manual", manual)?["message"]?.stringValue?.contains("closed accounting period") == true)
        #expect(await harness.qbsync("manual-done", manual, "--note", "entered as invoice 88 on Nov 30", "--by", "ben") == 0)

        // Wrong states get clear errors and change nothing.
        let again = await harness.qbsyncOutput("retry", failedItems[0], "--by", "ana")
        #expect(again.code == 2)
        #expect(again.err.contains("\(failedItems[0]) is synced"))
        #expect(again.err.contains("there is nothing to retry"))
        let notOnList = await harness.qbsyncOutput("manual-done", excluded, "--by", "ana")
        #expect(notOnList.code == 2)
        #expect(notOnList.err.contains("is not on the manual entry to-do list (it is excluded)"))

        // The next night takes the retried sale; the excluded and hand-entered sales stay out.
        #expect(await harness.qbsync("run", "--by", "ana") == 0)
        #expect(try ledger.item(waiting.ref)?.state == .synced)
        #expect(try ledger.item(excluded)?.state == .excluded)
        #expect(try ledger.item(manual)?.state == .manualDone)

        // The history shows every step, with who and when.
        func history(_ ref: String) async throws -> [JSONValue] {
            try Self.json(await harness.qbsyncOutput("show", ref, "--json").out)["history"]?.arrayValue ?? []
        }
        func steps(_ entries: [JSONValue]) -> [String] {
            entries.map { "\($0["action"]?.stringValue ?? "?") \($0["state"]?.stringValue ?? "-") \($0["actor"]?.stringValue ?? "?")" }
        }
        #expect(
            steps(try await history(failedItems[0])) == [
                "extracted pending ana", "reconciled failed ana", "retry-now queued ana", "extracted pending ana", "reconciled synced ana",
            ])
        #expect(
            steps(try await history(waiting.ref)) == [
                "extracted pending ana", "reconciled failed ana", "retry queued ana", "extracted pending ana", "reconciled synced ana",
            ])
        let excludedHistory = try await history(excluded)
        #expect(steps(excludedHistory) == ["extracted pending ana", "reconciled failed ana", "exclude excluded ben"])
        #expect(excludedHistory.last?["message"] == "entered in the 2025 books by the accountant")
        let manualHistory = try await history(manual)
        #expect(steps(manualHistory) == ["extracted pending ana", "reconciled failed ana", "manual manual ana", "manual-done manual_done ben"])
        #expect(manualHistory.last?["message"] == "entered as invoice 88 on Nov 30")
        for entry in excludedHistory + manualHistory {
            #expect(ISO8601DateFormatter().date(from: entry["at"]?.stringValue ?? "") != nil)
        }

        // What is left on the desk.
        status = try Self.json(await harness.qbsyncOutput("status", "--json").out)
        let stillFailed = Set((status["failed"]?.arrayValue ?? []).compactMap { $0["ref"]?.stringValue })
        #expect(stillFailed.contains(planted.payer.ref))
        #expect(stillFailed.isDisjoint(with: failedItems + [excluded, manual, waiting.ref]))
        #expect(status["manual"]?.arrayValue?.isEmpty == true)
        #expect(status["counts"]?["manual_done"] == 1)
        let excludedEntry = try #require(Self.entry(status, "excluded", excluded))
        #expect(excludedEntry["message"] == "entered in the 2025 books by the accountant")
        #expect(excludedEntry["last_action"]?["actor"] == "ben")
        #expect(status["last_run"]?["reconciled"] == true)

        // The OMS touches both sales again: the exclusion holds, the hand-entered one comes back.
        try Self.touch(harness.omsURL, sales: [excluded, manual])
        #expect(await harness.qbsync("run", "--by", "ana") == 0)
        #expect(try ledger.item(excluded)?.state == .excluded)
        #expect(try ledger.item(manual)?.state == .manual)
        #expect(try ledger.history(of: manual).last?.action == "changed-after-manual")
    }
}
