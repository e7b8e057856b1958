import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// The accountant's path through a run as the README tells it: the nightly stops for approval,
/// the review adds up to the batch files, approve, a tampered file is refused, a hand edit is
/// validated, approved again and loaded.
struct ReviewApprovalTests {
    static let requireApproval = "[sync]\nrequire_approval = true"

    func manifest(_ harness: PipelineHarness) throws -> RunManifest {
        try RunManifest(json: try FileStore.readJSON(harness.runFile("manifest.json")))
    }

    @Test func theNightlyWithApprovalRequiredStopsAfterTransformWithAReviewThatAddsUpToTheBatches() async throws {
        let harness = try PipelineHarness(patients: 30, seed: 51, pipelineExtra: Self.requireApproval)
        let code = await harness.qbsync("run")
        #expect(code == 0 || code == 1)
        #expect(harness.sandbox.objects("Invoice").isEmpty, "the nightly posted before approval")
        let manifest = try manifest(harness)
        #expect(manifest.stages[.transform]?.status == .done)
        #expect(manifest.stages[.load] == nil)
        for name in ["review.html", "review.csv"] {
            #expect(manifest.stages[.transform]?.files["2-transform/\(name)"] != nil, "\(name) is not beside the batches")
        }

        // The batch files' own totals, computed here from the bodies the load would send.
        let documents = try harness.batchDocuments()
        #expect(documents.count >= 10)
        let batchTotal = documents.map { PipelineHarness.linesTotal($0.body) }.reduce(0, +)
        var byDate: [String: Int] = [:]
        for document in documents { byDate[document.body["TxnDate"]!.stringValue!, default: 0] += PipelineHarness.linesTotal(document.body) }

        let review = try RunReview(runID: harness.runID, settings: try harness.settings(), ledger: try harness.openLedger()).review()
        // The transform builds its review as it writes each batch; read back from the files it is the same.
        #expect(try harness.readText("2-transform/review.csv") == ReviewCSV.render(review))
        #expect(review.warnings.count > 0 && review.changes.count > 0)
        let invoices = try #require(review.byKind.first { $0.name == "Invoice" })
        #expect(invoices.cents == batchTotal)
        #expect(invoices.count == documents.count)
        // By account and class the review nets every kind (credits negative); its invoices' lines
        // are the batch files' invoice lines to the cent.
        let signed = review.documents.flatMap { document in document.lines.map { document.sign * $0.cents } }.reduce(0, +)
        #expect(review.byAccount.map(\.cents).reduce(0, +) == signed)
        let classed = review.documents.flatMap { document in
            document.lines.filter { $0.className != nil }.map { document.sign * $0.cents }
        }.reduce(0, +)
        #expect(review.byClass.map(\.cents).reduce(0, +) == classed)
        #expect(review.documents.filter { $0.kind == "Invoice" }.flatMap(\.lines).map(\.cents).reduce(0, +) == batchTotal)
        for (date, cents) in byDate {
            #expect(review.byDay.filter { $0.name == date && $0.kind == "Invoice" }.map(\.cents).reduce(0, +) == cents, "\(date)")
        }
        let reviewed = Dictionary(uniqueKeysWithValues: review.documents.map { ("\($0.batch) \($0.bId)", $0) })
        for document in documents {
            let shown = try #require(reviewed["\(document.file) \(document.bId)"])
            #expect(shown.cents == PipelineHarness.linesTotal(document.body))
            #expect(shown.date == document.body["TxnDate"]?.stringValue)
            #expect(shown.docNumber == document.body["DocNumber"]?.stringValue)
            if shown.customerKey?.hasPrefix("customer patient:") == true {
                #expect(shown.customer.range(of: #"^Patient [A-Z2-9]{4}-[A-Z2-9]{4}"#, options: .regularExpression) != nil)
            }
            #expect(!shown.classes.isEmpty && !shown.classes.contains { $0.hasPrefix("?") })
        }

        // The CSV opens in a spreadsheet: one header, one record per document, every record
        // with every column, and the amounts add up to the batches.
        let rows = try CSVReader.records(try harness.readText("2-transform/review.csv"))
        #expect(rows.first == ReviewCSV.columns)
        #expect(rows.count - 1 == review.documents.count)
        #expect(rows.dropFirst().allSatisfy { $0.count == ReviewCSV.columns.count })
        let amount = ReviewCSV.columns.firstIndex(of: "amount")!
        let csvTotal = rows.dropFirst().filter { $0[0] == "Invoice" }.compactMap { Money.cents(fromDecimalString: $0[amount]) }.reduce(0, +)
        #expect(csvTotal == batchTotal)

        // One self-contained page: no scripts, no links to anything outside it.
        let html = try harness.readText("2-transform/review.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for outside in ["<script", "src=", "href=", "@import", "url("] { #expect(!html.contains(outside), "\(outside)") }
        #expect(html.contains(ReviewFormat.money(batchTotal)))

        // Unapproved, the load refuses and posts nothing.
        #expect(await harness.qbsync("load", "--run", harness.runID) == 3)
        #expect(harness.sandbox.objects("Invoice").isEmpty)
        #expect(await harness.qbsync("review", "--run", harness.runID, "--format", "pdf") == 2)
    }

    @Test func aTamperedBatchIsRefusedAndAValidHandEditIsValidatedApprovedAgainAndLoaded() async throws {
        let harness = try PipelineHarness(seed: 52, pipelineExtra: Self.requireApproval)
        _ = await harness.qbsync("run")
        let run = harness.runID
        let ledger = try harness.openLedger()
        let approvals = Approvals(settings: try harness.settings(), ledger: ledger)

        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 0)
        let approval = try #require(try ledger.currentApproval(run: run))
        #expect(approval.approvedBy == "Dana Ng")
        #expect(approval.actor == "e2e-test")
        #expect(approval.files.keys.contains("2-transform/plan.json"))
        #expect(approval.files.keys.contains("2-transform/review.html"))
        for (path, digest) in approval.files { #expect(SHA256.hex(try FileStore.read(harness.runFile(path))) == digest) }
        #expect(try FileStore.readJSON(harness.runFile("approval.json"))["approved_by"]?.stringValue == "Dana Ng")

        // Move one invoice line to another clinic's class, as an accountant would by hand.
        let edit = try HandEdit.moveFirstLineToAnotherClass(harness)
        let path = "2-transform/\(edit.file)"
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(harness.sandbox.objects("Invoice").isEmpty)
        #expect(throws: ApprovalError.changedSinceApproval(run, FileDifference(path: path, change: .changed), "Dana Ng", approval.approvedAt)) {
            try approvals.checkBeforeLoad(runID: run)
        }
        let message = ApprovalError.changedSinceApproval(run, FileDifference(path: path, change: .changed), "Dana Ng", approval.approvedAt)
            .errorDescription ?? ""
        #expect(message.contains(path))
        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 3, "an unvalidated edit was approved")

        #expect(await harness.qbsync("transform", "--validate", "--run", run) == 0)
        #expect(try ledger.currentApproval(run: run) == nil, "the approval of the old files still stands")
        #expect(try ledger.approvals(run: run).last?.voidReason?.contains(path) == true)
        let recorded = try manifest(harness).stages[.transform]
        #expect(recorded?.files[path] == SHA256.hex(try FileStore.read(harness.runFile(path))))
        #expect(recorded?.summary?["hand_edited"]?.arrayValue?.contains(.string(path)) == true)
        let review = try RunReview(runID: run, settings: try harness.settings(), ledger: ledger).review()
        let shown = try #require(review.documents.first { $0.batch == edit.file && $0.bId == edit.bId })
        #expect(shown.classes.contains(edit.newClassName))
        #expect(!review.warnings.contains { $0.code == "unvalidated-edit" })

        #expect(await harness.qbsync("load", "--run", run) == 3, "loaded without the new approval")
        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 0)
        let load = await harness.qbsync("load", "--run", run)
        #expect(load == 0 || load == 1)
        _ = await harness.qbsync("reconcile", "--run", run)
        let classID = try #require(try ledger.qboObject(edit.newClassKey)?.qboID)
        let invoice = try #require(harness.sandbox.objects("Invoice").first { $0["DocNumber"]?.stringValue == edit.docNumber })
        #expect(invoice["Line"]?.arrayValue?.first?["SalesItemLineDetail"]?["ClassRef"]?["value"]?.stringValue == classID)
        #expect(try ledger.item(edit.ref)?.state == .synced)

        // Posted now, the invoice is what a later document with its customer, date and amount
        // would be warned against.
        let printed = try #require(review.fingerprints.first { $0.key == shown.key })
        var twin = printed
        twin.key = "invoice sale:999999 patient"
        #expect(try ledger.postedDocuments(matching: [twin]).contains { $0.key == printed.key })
    }

    @Test func invalidHandEditsAreRefusedWithFileLineAndColumnAndRecordNothing() async throws {
        let harness = try PipelineHarness(seed: 53, pipelineExtra: Self.requireApproval)
        _ = await harness.qbsync("run")
        let run = harness.runID
        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 0)
        let ledger = try harness.openLedger()
        let validator = HandEditValidator(settings: try harness.settings(), ledger: ledger)
        let file = try #require(try harness.batchDocuments().first?.file)
        let path = "2-transform/\(file)"
        let original = try harness.readText(path)
        let manifestBefore = try harness.readText("manifest.json")

        func refused(_ text: String, exitCode: Int32 = 2) async throws -> [HandEditFinding] {
            try harness.writeText(text, to: path)
            let report = try validator.validate(runID: run)
            #expect(!report.isValid && !report.recorded)
            #expect(await harness.qbsync("transform", "--validate", "--run", run) == exitCode)
            #expect(try harness.readText("manifest.json") == manifestBefore, "a refused edit was recorded")
            #expect(try ledger.currentApproval(run: run) != nil, "a refused edit voided the approval")
            return report.problems
        }

        // A JSON syntax error: the file, line and column.
        let lines = original.components(separatedBy: "\n")
        let target = try #require(lines.firstIndex { $0.contains("\"DocNumber\"") })
        var broken = lines
        broken[target] = broken[target].replacingOccurrences(of: "\"DocNumber\":", with: "\"DocNumber\"")
        let syntax = try await refused(broken.joined(separator: "\n"))
        #expect(syntax.count == 1)
        #expect(syntax.first?.file == path)
        #expect(syntax.first?.line == target + 1)
        #expect(syntax.first?.column != nil)

        // A placeholder naming an object that is neither planned nor in QuickBooks.
        let unknownClass = original.replacingOccurrences(of: "\"@class location:", with: "\"@class location:99")
        let unknown = try await refused(unknownClass)
        #expect(unknown.contains { $0.message.contains("@class location:99") && $0.message.contains("neither in this run's plan nor in QuickBooks") })

        // More operations than a batch may hold, and bIds plan.json does not know.
        var body = try JSONParser.parse(original)
        var items = body["BatchItemRequest"]!.arrayValue!
        var extra = 900
        while items.count <= 30 {
            var copy = items[0]
            copy["bId"] = .string("b\(extra)")
            items.append(copy)
            extra += 1
        }
        body["BatchItemRequest"] = .array(items)
        let oversized = try await refused(JSONWriter.pretty(body))
        #expect(oversized.contains { $0.message.contains("at most 30") })
        #expect(oversized.contains { $0.bId == "b900" && $0.message.contains("not in plan.json") })

        // A patient's name in a memo: refused as the transform refuses it, without the name.
        let name: String = try harness.oms { db in
            try String.fetchOne(
                db, sql: "SELECT p.first_name || ' ' || p.last_name FROM patients p JOIN sales s ON s.patient_id = p.id ORDER BY s.id LIMIT 1")!
        }
        let leaky = original.replacingOccurrences(of: "\"PrivateNote\": \"qbsync ", with: "\"PrivateNote\": \"\(name) qbsync ")
        #expect(leaky != original)
        let leaks = try await refused(leaky, exitCode: 3)
        #expect(leaks.contains { $0.isLeak })
        #expect(!leaks.contains { $0.message.lowercased().contains(name.lowercased()) })

        // Put back as approved: nothing to record, the approval stands.
        try harness.writeText(original, to: path)
        #expect(await harness.qbsync("transform", "--validate", "--run", run) == 0)
        #expect(try ledger.currentApproval(run: run) != nil)

        // The transform again from the same inputs writes the same files: the approval stands.
        // With a setting changed, the files change and the approval is void.
        let same = await harness.qbsync("transform", "--run", run)
        #expect(same == 0 || same == 1)
        #expect(try ledger.currentApproval(run: run) != nil, "identical files voided the approval")
        let pipeline = try String(contentsOf: harness.pipelineURL, encoding: .utf8)
        try (pipeline + "\n[review]\nclosing_date = \"2026-01-31\"\n").write(to: harness.pipelineURL, atomically: true, encoding: .utf8)
        _ = await harness.qbsync("transform", "--run", run)
        #expect(try ledger.currentApproval(run: run) == nil)
        #expect(try ledger.approvals(run: run).last?.voidReason?.contains("the transform ran again") == true)
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(await harness.qbsync("approve", "--run", run, "--by", "Dana Ng") == 0)
        let load = await harness.qbsync("load", "--run", run)
        #expect(load == 0 || load == 1)
        #expect(!harness.sandbox.objects("Invoice").isEmpty)
    }
}
