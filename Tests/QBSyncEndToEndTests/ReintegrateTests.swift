import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON
import Testing

/// `qbsync reintegrate`: a workspace that lost its ledger with no copy left rebuilds it from what
/// QuickBooks holds and the OMS, and the next run posts only what QuickBooks does not hold yet;
/// an intact ledger is checked and left as it is.
struct ReintegrateTests {
    /// The disk is lost with no copy of the ledger: a new, empty workspace, and the office
    /// manager logs in again on it ('qbsync connect', tested in ConnectTests; here the saved
    /// login is carried over).
    static func loseWorkspace(_ harness: PipelineHarness) throws {
        let tokens = try Data(contentsOf: harness.workspace.appendingPathComponent("tokens.json"))
        try FileManager.default.removeItem(at: harness.workspace)
        try FileManager.default.createDirectory(at: harness.workspace, withIntermediateDirectories: true)
        try tokens.write(to: harness.workspace.appendingPathComponent("tokens.json"))
    }

    /// Open sales billed to the patient alone, with nothing returned or written off.
    static func plainSales(_ harness: PipelineHarness) throws -> [(sale: Int, patient: Int)] {
        try harness.oms { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.patient_id FROM sales s WHERE s.status = 'open'
                    AND NOT EXISTS (SELECT 1 FROM sale_lines l JOIN sale_allocations a ON a.sale_line_id = l.id WHERE l.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.sale_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.sale_id = s.id)
                    ORDER BY s.id
                    """
            ).map { ($0["id"] as Int, $0["patient_id"] as Int) }
        }
    }

    /// The report a reintegration wrote (the newest).
    static func report(_ harness: PipelineHarness) throws -> (json: JSONValue, text: String) {
        let parent = harness.workspace.appendingPathComponent("reintegrate")
        let newest = try #require(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted().last)
        let folder = parent.appendingPathComponent(newest)
        return (
            try FileStore.readJSON(folder.appendingPathComponent("report.json")),
            try String(contentsOf: folder.appendingPathComponent("report.txt"), encoding: .utf8)
        )
    }

    @Test func aWorkspaceLostWithNoCopyIsReintegratedAndTheThirdRunPostsOnlyTheNewChanges() async throws {
        let harness = try PipelineHarness(patients: 30, days: 30, seed: 11)
        #expect(await harness.qbsync("run") == 0)
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 5, seed: 21)
        #expect(await harness.qbsync("run") == 0)
        // A change made in the OMS after the last load, never posted: the lost ledger's next run
        // would have taken it, so the rebuilt one must.
        let scenario = try OMSScenario(harness)
        let plain = try Self.plainSales(harness)
        try #require(plain.count >= 3)
        let unposted = plain[0].sale
        try scenario.raisePrice(sale: unposted, by: 1_000)
        let before = BooksSnapshot(harness.sandbox)

        try Self.loseWorkspace(harness)
        let reintegrate = await harness.qbsyncOutput("reintegrate")
        #expect(reintegrate.code == 0, "\(reintegrate.out)\n\(reintegrate.err)")
        #expect(reintegrate.out.contains("the ledger is rebuilt"), "\(reintegrate.out)")
        #expect(BooksSnapshot(harness.sandbox) == before, "reintegrate changes nothing in QuickBooks")

        // The report names references and pseudonyms, never a patient.
        let report = try Self.report(harness)
        #expect((report.json["duplicates"]?.arrayValue ?? []).isEmpty)
        #expect((report.json["unmatched"]?.arrayValue ?? []).isEmpty, "\(report.text)")
        let queued = Set((report.json["queued"]?.arrayValue ?? []).compactMap { $0["ref"]?.stringValue })
        #expect(queued == ["sale:\(unposted)"], "\(report.text)")
        let names: [String] = try harness.oms { db in
            try String.fetchAll(db, sql: "SELECT first_name FROM patients UNION SELECT last_name FROM patients")
        }
        for name in names where name.count >= 4 {
            #expect(!report.text.contains(name) && !JSONWriter.pretty(report.json).contains(name), "the report names a patient")
        }

        // The patients keep the pseudonyms QuickBooks shows.
        let ledger = try harness.openLedger()
        let customers = Dictionary(uniqueKeysWithValues: harness.sandbox.objects("Customer").map { ($0["Id"]!.stringValue!, $0) })
        let patient = plain[1].patient
        let known = try #require(try ledger.qboObject("customer patient:\(patient)"))
        let shown = try #require(customers[known.qboID]?["DisplayName"]?.stringValue)
        #expect(shown == "Patient " + (try ledger.pseudonym(patientID: patient)))

        // The third night: a new sale of a patient QuickBooks has, an edit of an old sale, a
        // payment on an old invoice.
        let cursor = try ledger.cursor()
        let recovered = Set(try ledger.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM qbo_objects") })
        let newSale = try scenario.sale(patient: patient, cents: 12_500).sale
        let edited = plain[1].sale
        try scenario.raisePrice(sale: edited, by: 2_000)
        // An old invoice with something still open on it.
        let paid = try #require(try plain.dropFirst(2).first { sale in
            guard let invoice = try ledger.qboObject("invoice sale:\(sale.sale) patient") else { return false }
            let held = harness.sandbox.objects("Invoice").first { $0["Id"]?.stringValue == invoice.qboID }
            return (held?["Balance"]?.centsValue ?? 0) >= 700
        })
        let payment = try scenario.payment(patient: paid.patient, cents: 700, sale: paid.sale, applied: 700)
        let third = await harness.qbsyncOutput("run")
        #expect(third.code == 0, "\(third.out)\n\(third.err)")

        // It took only the new changes and the change never posted.
        let run = harness.latestRun.lastPathComponent
        let taken = try ledger.read { db in
            try String.fetchAll(db, sql: "SELECT ref FROM items WHERE run_id = ?", arguments: [run])
        }
        let changed: Set<String> = try harness.oms { db in
            Set(try Row.fetchAll(db, sql: "SELECT DISTINCT entity, entity_id FROM change_log WHERE seq > ?", arguments: [cursor]).map {
                "\($0["entity"] as String):\($0["entity_id"] as Int)"
            })
        }
        let repeated = taken.filter { !changed.contains($0) && !queued.contains($0) && recovered.contains($0) }
        #expect(repeated.isEmpty, "taken again though QuickBooks holds them as the OMS has them: \(repeated)")
        #expect(Set(taken).isSuperset(of: ["sale:\(newSale)", "sale:\(edited)", "sale:\(unposted)", "payment:\(payment)"]))

        // QuickBooks holds every document once, to the OMS's cents; no patient got a second customer.
        let after = BooksSnapshot(harness.sandbox)
        #expect(after.duplicateInvoices.isEmpty, "\(after.duplicateInvoices)")
        #expect(after.customerNamesUnique)
        #expect(after.customers == before.customers)
        #expect(after.invoices.count == before.invoices.count + 1)
        #expect(after.settlements.count == before.settlements.count + 1)
        let oracle = PipelineEndToEndTests()
        let invoiced = oracle.liveInvoiceTotals(harness)
        for (sale, cents) in try oracle.omsSaleTotals(harness) {
            #expect(invoiced[sale]?.cents == cents, "sale:\(sale): QuickBooks \(invoiced[sale]?.cents ?? 0), the OMS \(cents)")
        }
        let newInvoice = try #require(try ledger.qboObject("invoice sale:\(newSale) patient"))
        let invoices = Dictionary(uniqueKeysWithValues: harness.sandbox.objects("Invoice").map { ($0["Id"]!.stringValue!, $0) })
        #expect(invoices[newInvoice.qboID]?["CustomerRef"]?["value"]?.stringValue == known.qboID)
        let oldInvoice = try #require(try ledger.qboObject("invoice sale:\(paid.sale) patient"))
        let posted = try #require(try ledger.qboObject("payment payment:\(payment)"))
        let payments = Dictionary(uniqueKeysWithValues: harness.sandbox.objects("Payment").map { ($0["Id"]!.stringValue!, $0) })
        let links = (payments[posted.qboID]?["Line"]?.arrayValue ?? []).flatMap { $0["LinkedTxn"]?.arrayValue ?? [] }
        #expect(links.compactMap { $0["TxnId"]?.stringValue } == [oldInvoice.qboID])
        #expect(payments[posted.qboID]?["TotalAmt"]?.centsValue == 700)
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt"] {
            let inSandbox = harness.sandbox.objects(entity).compactMap { $0["Id"]?.stringValue }
            let inLedger = try ledger.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT qbo_id FROM qbo_objects WHERE qbo_type = ?", arguments: [entity])
            }
            #expect(Set(inSandbox).isSubset(of: Set(inLedger)), "\(entity): \(Set(inSandbox).subtracting(inLedger).count) not in the ledger")
        }
        // A customer the ledger does not map is a patient no document names, and the report says so.
        let mapped = Set(try ledger.read { db in try String.fetchAll(db, sql: "SELECT qbo_id FROM qbo_objects WHERE qbo_type = 'Customer'") })
        let unmapped = harness.sandbox.objects("Customer").filter { !mapped.contains($0["Id"]!.stringValue!) }.compactMap { $0["DisplayName"]?.stringValue }
        #expect(Set(unmapped) == Set(report.json["unlinked_customers"]?.arrayValue?.compactMap(\.stringValue) ?? []))
    }

    @Test func theRefusalNamesReintegrateAndAReintegratedWorkspaceGoesOnWithoutPostingTwice() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("run") == 0)
        let before = BooksSnapshot(harness.sandbox)
        try Self.loseWorkspace(harness)
        let refused = await harness.qbsyncOutput("run")
        #expect(refused.code == 3, "\(refused.out)\n\(refused.err)")
        #expect(refused.err.contains("run 'qbsync reintegrate' first"), "\(refused.err)")
        #expect(BooksSnapshot(harness.sandbox) == before)

        // The refused run took (and named) everything again; reintegrate settles it.
        let refusedRun = harness.latestRun.lastPathComponent
        let reintegrate = await harness.qbsyncOutput("reintegrate")
        #expect(reintegrate.code == 0, "\(reintegrate.out)\n\(reintegrate.err)")
        let report = try Self.report(harness)
        #expect(report.json["runs_set_aside"]?.arrayValue?.compactMap(\.stringValue) == [refusedRun], "\(report.text)")
        let stale = await harness.qbsyncOutput("load", "--run", refusedRun)
        #expect(stale.code != 0 && stale.err.contains("load needs transform to have finished first"), "a run planned before the rebuild is not loaded as it is: \(stale.err)")
        #expect(BooksSnapshot(harness.sandbox) == before)

        let again = await harness.qbsyncOutput("run")
        #expect(again.code == 0, "\(again.out)\n\(again.err)")
        #expect(BooksSnapshot(harness.sandbox) == before, "nothing is posted twice")
        #expect(try harness.expectBooksPostedOnce().isEmpty)
        let status = await harness.qbsyncOutput("status")
        #expect(!status.out.contains("wait in it"), "\(status.out)")
    }

    /// The ledger's tables a reintegration writes, as text.
    static func ledgerDump(_ harness: PipelineHarness) throws -> [String] {
        try harness.openLedger().read { db in
            var lines: [String] = []
            for table in ["qbo_objects", "pseudonyms", "names", "doc_numbers", "items", "history", "meta"] {
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map { "\(table) \($0)" }
            }
            return lines
        }
    }

    @Test func anIntactLedgerIsCheckedWithoutChangeAndAGapIsFilledOnlyWithApply() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("run") == 0)
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 4, seed: 9)
        #expect(await harness.qbsync("run") == 0)
        let books = BooksSnapshot(harness.sandbox)
        let ledgerBefore = try Self.ledgerDump(harness)

        let check = await harness.qbsyncOutput("reintegrate")
        #expect(check.code == 0, "\(check.out)\n\(check.err)\n\((try? Self.report(harness).text) ?? "")")
        #expect(check.out.contains("the ledger and QuickBooks agree; nothing was changed"), "\(check.out)")
        let report = try Self.report(harness)
        #expect(report.json["mode"]?.stringValue == "check")
        #expect((report.json["ledger_differences"]?.arrayValue ?? []).isEmpty, "\(report.text)")
        #expect((report.json["queued"]?.arrayValue ?? []).isEmpty, "\(report.text)")
        #expect(try Self.ledgerDump(harness) == ledgerBefore)
        #expect(BooksSnapshot(harness.sandbox) == books)

        // A row the ledger lost is reported, and put back only when asked.
        let ledger = try harness.openLedger()
        let key = try #require(try ledger.read { db in
            try String.fetchOne(db, sql: "SELECT key FROM qbo_objects WHERE qbo_type = 'Payment' ORDER BY key LIMIT 1")
        })
        let lost = try #require(try ledger.qboObject(key))
        try ledger.write { db in try db.execute(sql: "DELETE FROM qbo_objects WHERE key = ?", arguments: [key]) }
        let found = await harness.qbsyncOutput("reintegrate")
        #expect(found.code == 1, "\(found.out)")
        #expect(try Self.report(harness).text.contains("\(key): QuickBooks holds it (Payment \(lost.qboID)), the ledger does not know it"))
        #expect(try ledger.qboObject(key) == nil)
        let applied = await harness.qbsyncOutput("reintegrate", "--apply")
        #expect(applied.code == 1, "the report still lists what was found: \(applied.out)")
        #expect(try ledger.qboObject(key)?.qboID == lost.qboID)
        #expect(await harness.qbsync("reintegrate") == 0)
        #expect(BooksSnapshot(harness.sandbox) == books)
    }

    @Test func aDocumentPostedTwiceWithOneMarkerIsReportedAndTheFirstIsKept() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("run") == 0)
        let sale = try #require(try Self.plainSales(harness).first).sale
        let original = try #require(try harness.openLedger().qboObject("invoice sale:\(sale) patient"))
        let copy = try await QuickBooksScreens(harness).copyInvoice(id: original.qboID, docNumber: "COPY-\(sale)")
        try Self.loseWorkspace(harness)

        let reintegrate = await harness.qbsyncOutput("reintegrate")
        #expect(reintegrate.code == 1, "\(reintegrate.out)\n\(reintegrate.err)")
        #expect(reintegrate.out.contains("1 document(s) look duplicated in QuickBooks"), "\(reintegrate.out)")
        let duplicates = try Self.report(harness).json["duplicates"]?.arrayValue ?? []
        #expect(duplicates.count == 1)
        #expect(duplicates.first?["key"]?.stringValue == "invoice sale:\(sale) patient")
        #expect(duplicates.first?["kept_id"]?.stringValue == original.qboID)
        #expect(duplicates.first?["other_ids"]?.arrayValue?.compactMap(\.stringValue) == [copy])
        #expect(try harness.openLedger().qboObject("invoice sale:\(sale) patient")?.qboID == original.qboID)
    }

    @Test func quickBooksIsReadPageByPageWithinItsLimits() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("run") == 0)
        let settings = try harness.settings()
        let live = try LiveQuickBooks.api(settings: settings, logger: Logger(label: "reintegrate-test"))
        let recording = RecordingQuickBooks(live: live)
        let small = try await OnlineBooksReader(api: recording, pageSize: 4).documents()
        let whole = try await OnlineBooksReader(api: recording, pageSize: 5_000).documents()
        let invoices = harness.sandbox.objects("Invoice").count
        #expect(invoices > 4, "enough invoices for several pages")
        #expect(small.filter { $0.kind == .invoice }.count == invoices)
        #expect(small == whole)
        let statements = recording.statements
        // Page after page of 4 until one comes back short; never more than QuickBooks's 1,000.
        let invoicePages = statements.filter { $0.contains("from Invoice") && $0.contains("maxresults 4") }
        #expect(invoicePages.count == invoices / 4 + 1, "\(invoicePages)")
        #expect(invoicePages.contains("select * from Invoice startposition 5 maxresults 4"))
        #expect(statements.allSatisfy { !$0.contains("maxresults 5000") })
        #expect(statements.contains("select * from Invoice startposition 1 maxresults 1000"))
        #expect(small.filter { $0.marker != nil }.count == small.count, "every document here is qbsync's")
    }
}

/// The live QuickBooks, with every query statement it was asked written down.
final class RecordingQuickBooks: QuickBooksAPI, @unchecked Sendable {
    let live: QuickBooksAPI
    private let lock = NSLock()
    private var asked: [String] = []

    init(live: QuickBooksAPI) { self.live = live }

    var statements: [String] { lock.withLock { asked } }

    func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange {
        try await live.batch(body, requestID: requestID)
    }

    func query(_ statement: String) async throws -> [JSONValue] {
        lock.withLock { asked.append(statement) }
        return try await live.query(statement)
    }
}
