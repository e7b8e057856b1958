import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// The whole pipeline as a user runs it: a generated OMS, the sandbox on loopback, `qbsync run`.
struct PipelineEndToEndTests {
    /// What the OMS says each open sale totals (lines: round(qty x price) - discount + tax).
    func omsSaleTotals(_ harness: PipelineHarness) throws -> [Int: Int] {
        try harness.oms { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id AS id, SUM((l.quantity_milli * l.unit_price_cents + 500) / 1000 - l.discount_cents + l.tax_cents) AS total
                    FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.status = 'open' GROUP BY s.id
                    """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int, $0["total"] as Int) })
        }
    }

    /// Sandbox invoices that are live (not voided), grouped by the OMS sale in their private note.
    func liveInvoiceTotals(_ harness: PipelineHarness) -> [Int: (count: Int, cents: Int)] {
        var totals: [Int: (count: Int, cents: Int)] = [:]
        for invoice in harness.sandbox.objects("Invoice") {
            guard let note = invoice["PrivateNote"]?.stringValue, note.hasPrefix("qbsync sale:"),
                let id = Int(note.dropFirst("qbsync sale:".count)), let cents = invoice["TotalAmt"]?.centsValue
            else { continue }
            var entry = totals[id] ?? (0, 0)
            entry.count += 1
            entry.cents += cents
            totals[id] = entry
        }
        return totals
    }

    func ledger(_ harness: PipelineHarness) throws -> Ledger {
        try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
    }

    @Test func everySaleReachesQuickBooksOnceWithItsMoneyToTheCent() async throws {
        let harness = try PipelineHarness()
        let code = await harness.qbsync("run")
        #expect(code == 0 || code == 1)

        let expected = try omsSaleTotals(harness)
        let posted = liveInvoiceTotals(harness)
        let ledger = try ledger(harness)
        let failedSales = try ledger.items(in: .failed).filter { $0.ref.hasPrefix("sale:") }
        #expect(failedSales.isEmpty, "sales failed: \(failedSales.map { $0.message ?? $0.ref })")
        #expect(!expected.isEmpty)
        for (sale, cents) in expected {
            #expect(posted[sale]?.cents == cents, "sale:\(sale) OMS \(cents) vs QuickBooks \(posted[sale]?.cents ?? -1)")
        }
        #expect(Set(posted.keys).isSubset(of: Set(expected.keys)), "a voided sale reached QuickBooks")

        // Exactly once: every customer, item and invoice in the sandbox is one the ledger holds.
        for entity in ["Customer", "Invoice"] {
            let inSandbox = harness.sandbox.objects(entity).compactMap { $0["Id"]?.stringValue }
            #expect(Set(inSandbox).count == inSandbox.count)
            let inLedger = try ledger.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT qbo_id FROM qbo_objects WHERE qbo_type = ?", arguments: [entity])
            }
            #expect(Set(inSandbox) == Set(inLedger), "\(entity): sandbox and ledger disagree")
        }
        let payers = try harness.oms { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payers") ?? 0 }
        let payerCustomers = try ledger.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects WHERE key LIKE 'customer payer:%'") ?? 0
        }
        #expect(payerCustomers == payers)

        // The manifest's checksums match the files.
        let manifest = try RunManifest(json: try FileStore.readJSON(harness.latestRun.appendingPathComponent("manifest.json")))
        for stage in Stage.allCases {
            let entry = try #require(manifest.stages[stage])
            #expect(entry.status == .done)
            for (path, digest) in entry.files {
                #expect(SHA256.hex(try FileStore.read(harness.latestRun.appendingPathComponent(path))) == digest)
            }
        }
    }

    @Test func aSecondRunPostsNothingAndANewChangePostsOnlyItself() async throws {
        let harness = try PipelineHarness(seed: 21)
        _ = await harness.qbsync("run")
        let invoicesAfterFirst = harness.sandbox.objects("Invoice").count
        let customersAfterFirst = harness.sandbox.objects("Customer").count

        _ = await harness.qbsync("run")
        let secondLoad = try FileStore.readJSON(harness.latestRun.appendingPathComponent("3-load/results.json"))
        #expect(secondLoad["results"]?.arrayValue?.isEmpty == true)
        #expect(harness.sandbox.objects("Invoice").count == invoicesAfterFirst)
        #expect(harness.sandbox.objects("Customer").count == customersAfterFirst)

        let before = try omsSaleTotals(harness)
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 4, seed: 5)
        let after = try omsSaleTotals(harness)
        let newSales = Set(after.keys).subtracting(before.keys)
        #expect(!newSales.isEmpty)
        _ = await harness.qbsync("run")
        let posted = liveInvoiceTotals(harness)
        for sale in newSales {
            #expect(posted[sale]?.cents == after[sale], "new sale:\(sale)")
        }
        // Nothing posted twice: one live invoice set per sale, no more invoices than the ledger has.
        let ledger = try ledger(harness)
        let invoiceKeys = try ledger.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects WHERE qbo_type = 'Invoice'") ?? 0
        }
        #expect(harness.sandbox.objects("Invoice").count == invoiceKeys)
    }

    @Test func noPatientDetailReachesTheBatchesTheRequestsOrQuickBooks() async throws {
        let harness = try PipelineHarness(seed: 31)
        _ = await harness.qbsync("run")
        let secrets: [String] = try harness.oms { db in
            var values: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT first_name, last_name, email, mobile_phone, address1 FROM patients") {
                values.append("\(row["first_name"] as String) \(row["last_name"] as String)")
                if let last = row["last_name"] as String?, last.count >= 6 { values.append(last) }
                if let email = row["email"] as String? { values.append(email) }
                if let address = row["address1"] as String? { values.append(address) }
            }
            return values.map { $0.lowercased() }
        }
        let run = harness.latestRun
        var places = harness.texts(under: run.appendingPathComponent("2-transform")).map { ("2-transform/\($0.0)", $0.1) }
        places += harness.texts(under: run.appendingPathComponent("3-load")).map { ("3-load/\($0.0)", $0.1) }
        places += harness.texts(under: harness.folder.appendingPathComponent("sandbox")).map { ("sandbox/\($0.0)", $0.1) }
        #expect(!places.isEmpty)
        for (path, text) in places {
            let lowered = text.lowercased()
            for secret in secrets where lowered.contains(secret) {
                Issue.record("a patient's detail appears in \(path)")
            }
        }
        // Patients are pseudonyms in QuickBooks.
        let patientNames = harness.sandbox.objects("Customer").compactMap { $0["DisplayName"]?.stringValue }.filter { $0.hasPrefix("Patient ") }
        #expect(!patientNames.isEmpty)
        #expect(patientNames.allSatisfy { $0.range(of: #"^Patient [A-Z2-9]{4}-[A-Z2-9]{4}$"#, options: .regularExpression) != nil })
    }

    @Test func reRunningTransformGivesByteIdenticalFilesAndMarksLaterStagesStale() async throws {
        let harness = try PipelineHarness(seed: 41)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        _ = await harness.qbsync("transform", "--run", run)
        let first = harness.texts(under: harness.latestRun.appendingPathComponent("2-transform"))
        _ = await harness.qbsync("transform", "--run", run)
        let second = harness.texts(under: harness.latestRun.appendingPathComponent("2-transform"))
        #expect(first.map(\.0) == second.map(\.0))
        #expect(first.map(\.1) == second.map(\.1))
        _ = await harness.qbsync("load", "--run", run)
        _ = await harness.qbsync("extract", "--run", run)
        let manifest = try RunManifest(json: try FileStore.readJSON(harness.latestRun.appendingPathComponent("manifest.json")))
        #expect(manifest.stages[.transform]?.status == .stale)
        #expect(manifest.stages[.load]?.status == .stale)
    }
}

struct StreamingTransformTests {
    /// The transform reads the extract a file at a time and writes each batch as it fills: the
    /// batches must not depend on how the extract was cut into files.
    @Test func theBatchesDoNotDependOnHowTheExtractIsChunked() async throws {
        let harness = try PipelineHarness(patients: 30, days: 40, seed: 23)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        _ = await harness.qbsync("transform", "--run", run)
        let batches = harness.latestRun.appendingPathComponent("2-transform/batches")
        let whole = harness.texts(under: batches)
        #expect(whole.count > 3)
        #expect(whole.allSatisfy { $0.0.range(of: #"^[1-7]-[a-z-]+-\d{5}\.json$"#, options: .regularExpression) != nil })

        let pipeline = try String(contentsOf: harness.pipelineURL, encoding: .utf8)
        try pipeline.replacingOccurrences(of: "[oms]\n", with: "[oms]\nchunk_size = 3\n")
            .write(to: harness.pipelineURL, atomically: true, encoding: .utf8)
        #expect(await harness.qbsync("extract", "--run", run) == 0)
        let extractFiles = try FileManager.default.contentsOfDirectory(atPath: harness.latestRun.appendingPathComponent("1-extract").path)
        #expect(extractFiles.filter { $0.hasPrefix("sale-") }.count > 3)
        _ = await harness.qbsync("transform", "--run", run)
        let chunked = harness.texts(under: batches)
        #expect(chunked.map(\.0) == whole.map(\.0))
        #expect(chunked.map(\.1) == whole.map(\.1))
        let plan = try TransformPlan(folder: RunFolder(workspace: harness.workspace, id: run))
        #expect(plan.batches.allSatisfy { $0.operations.count <= 30 })
        #expect(plan.batches.map(\.wave) == plan.batches.map(\.wave).sorted())
    }
}
