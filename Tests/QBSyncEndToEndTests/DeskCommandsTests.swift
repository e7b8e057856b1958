import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import Testing

/// `show`, `legacy` and the privilege, as a user drives them.
struct DeskCommandsTests {
    /// The first open sale's number: an invoice entered by hand with it makes QuickBooks refuse
    /// the sale's invoice (6140). (A closed period would not do: the load's preflight holds
    /// those back before anything is sent.)
    static func firstSaleNumber(_ harness: PipelineHarness) throws -> String {
        try harness.oms { db in
            try String.fetchOne(db, sql: "SELECT number FROM sales WHERE status = 'open' ORDER BY sale_date, id LIMIT 1")!
        }
    }

    @Test func showTellsAFailedSalesWholeStoryWithoutPHIUnlessAsked() async throws {
        let harness = try PipelineHarness(patients: 30, days: 30)
        try await QuickBooksScreens(harness).createInvoice(docNumber: try Self.firstSaleNumber(harness))
        _ = await harness.qbsync("run")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let failed = try #require(try ledger.items(in: .failed).first { $0.code == "6140" })
        let saleID = Int(failed.ref.dropFirst("sale:".count))!
        let (person, saleDate) = try harness.oms { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT p.first_name, p.last_name, s.sale_date FROM sales s JOIN patients p ON p.id = s.patient_id WHERE s.id = ?",
                arguments: [saleID])!
            return ((row["first_name"] as String, row["last_name"] as String), row["sale_date"] as String)
        }

        let shown = await harness.qbsyncOutput("show", failed.ref, "--json")
        #expect(shown.code == 0)
        let report = try JSONParser.parse(shown.out)
        #expect(report["ledger"]?["state"] == "failed")
        #expect(report["advice"]?["code"] == "6140")
        #expect(report["oms"]?["record"]?["id"]?.intValue == saleID)
        let patient = try #require(report["patient"])
        #expect(patient["pseudonym"]?.stringValue?.range(of: #"^Patient [A-Z2-9]{4}-[A-Z2-9]{4}$"#, options: .regularExpression) != nil)
        #expect(patient["name"] == "<redacted>")
        for line in report["oms"]?["record"]?["lines"]?.arrayValue ?? [] where line["description"] != .null {
            #expect(line["description"] == "<redacted>")
        }
        #expect(!shown.out.contains(person.1), "the patient's last name is not shown without --phi")
        let sent = try #require(report["sent"]?.arrayValue?.first)
        #expect(sent["entity"] == "Invoice")
        let attempt = try #require(sent["attempts"]?.arrayValue?.first)
        #expect(attempt["body"]?["TxnDate"]?.stringValue == saleDate)
        #expect(attempt["answer"]?["Fault"]?["Error"]?.arrayValue?.first?["code"] == "6140")
        #expect(sent["result"]?["code"] == "6140")
        #expect(sent["result"]?["intuit_tid"]?.stringValue?.isEmpty == false, "Intuit support asks for it")
        #expect(report["quickbooks"]?.arrayValue?.isEmpty == true)
        #expect(report["history"]?.arrayValue?.compactMap { $0["action"]?.stringValue } == ["extracted", "reconciled"])

        let withPHI = await harness.qbsyncOutput("show", failed.ref, "--phi", "--json")
        #expect(try JSONParser.parse(withPHI.out)["patient"]?["name"]?.stringValue?.hasSuffix(person.1) == true)
        #expect(withPHI.out.contains(person.0))
        #expect(withPHI.err.contains("showing PHI"))

        let text = await harness.qbsyncOutput("show", failed.ref).out
        #expect(text.contains("why: \(failed.ref): QuickBooks refused the invoice: its document number is already used in QuickBooks"))
        #expect(text.contains("fix: If it was posted before"))

        // A synced sale shows its QuickBooks invoice and where to open it.
        let synced = try #require(try ledger.items(in: .synced).first { $0.ref.hasPrefix("sale:") })
        let syncedReport = try JSONParser.parse(await harness.qbsyncOutput("show", synced.ref, "--json").out)
        let invoice = try #require(syncedReport["quickbooks"]?.arrayValue?.first)
        let id = try #require(invoice["id"]?.stringValue)
        #expect(harness.sandbox.objects("Invoice").contains { $0["Id"]?.stringValue == id })
        #expect(invoice["link"]?.stringValue == "\(harness.sandbox.baseURL)/v3/company/\(SandboxConfiguration().realm)/invoice/\(id)")

        #expect(await harness.qbsyncOutput("show", "sale:999999").code == 2)
        #expect(await harness.qbsyncOutput("show", "invoice:3").code == 2)
    }

    @Test func legacyRowsAreClassifiedRetriedAndEscalatedByOperatorsOnly() async throws {
        let harness = try PipelineHarness(patients: 30, days: 30, pipelineExtra: "[sync]\noperators = [\"ana\"]")
        let listed = await harness.qbsyncOutput("legacy", "list", "--json")
        #expect(listed.code == 0)
        let rows = try JSONParser.parse(listed.out)["rows"]?.arrayValue ?? []
        #expect(!rows.isEmpty)
        let retryable = try #require(
            rows.first { $0["classification"] == "retryable" && ["sale", "patient", "item"].contains($0["entity"]?.stringValue ?? "") })
        let support = try #require(rows.first { $0["classification"] == "support" && $0["entity_id"] != .null })
        let withMessage = try #require(rows.first { $0["message"] != .null })
        #expect(withMessage["message"] == "<redacted>")
        let phi = try JSONParser.parse(await harness.qbsyncOutput("legacy", "list", "--json", "--phi").out)
        let original = try harness.oms { db in
            try String.fetchOne(db, sql: "SELECT message FROM legacy_skipped WHERE id = ?", arguments: [withMessage["id"]?.intValue])
        }
        #expect(phi["rows"]?.arrayValue?.first { $0["id"] == withMessage["id"] }?["message"]?.stringValue == original)

        let retryName = retryable["name"]!.stringValue!
        let supportName = support["name"]!.stringValue!
        #expect(await harness.qbsyncOutput("legacy", "retry", retryName, "--by", "ben").code == 3)
        #expect(await harness.qbsync("legacy", "retry", retryName, "--by", "ana") == 0)
        let ref = retryable["ref"]!.stringValue!
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        #expect(try ledger.item(ref)?.state == .queued)
        let refused = await harness.qbsyncOutput("legacy", "retry", supportName, "--by", "ana")
        #expect(refused.code == 2)
        #expect(refused.err.contains("cannot be retried: \(support["why"]!.stringValue!)"))
        #expect(await harness.qbsync("legacy", "escalate", supportName, "--note", "ticket 4411 with the OMS vendor", "--by", "ana") == 0)

        _ = await harness.qbsync("run", "--by", "ana")
        #expect(try ledger.item(ref)?.state == .synced)
        let after = try JSONParser.parse(await harness.qbsyncOutput("legacy", "list", "--json").out)["rows"]?.arrayValue ?? []
        #expect(after.first { $0["name"]?.stringValue == retryName }?["status"] == "synced")
        let escalated = try #require(after.first { $0["name"]?.stringValue == supportName })
        #expect(escalated["status"] == "escalated")
        #expect(escalated["decision"]?["actor"] == "ana")
        #expect(escalated["decision"]?["note"] == "ticket 4411 with the OMS vendor")
        #expect(try ledger.legacyHistory(support["id"]!.intValue!).map(\.actor) == ["ana"])
    }

    @Test func withRedactionOffWhatWasSentIsHiddenUnlessAsked() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[redaction]\nenabled = false\ndisabled_by = \"Dr. Okafor\"")
        _ = await harness.qbsync("run")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        let patient = try #require(try ledger.items(in: .synced).first { $0.ref.hasPrefix("patient:") })
        let lastName = try harness.oms { db in
            try String.fetchOne(db, sql: "SELECT last_name FROM patients WHERE id = ?", arguments: [Int(patient.ref.dropFirst(8))!])!
        }
        let hidden = await harness.qbsyncOutput("show", patient.ref, "--json")
        #expect(!hidden.out.contains(lastName))
        let report = try JSONParser.parse(hidden.out)
        #expect(report["quickbooks"]?.arrayValue?.first?["name"] == "<redacted>")
        #expect(report["sent"]?.arrayValue?.first?["attempts"]?.arrayValue?.first?["body"] == "<redacted>")
        #expect(report["sent"]?.arrayValue?.first?["result"]?["intuit_tid"]?.stringValue?.isEmpty == false)
        let shown = await harness.qbsyncOutput("show", patient.ref, "--json", "--phi")
        let body = try JSONParser.parse(shown.out)["sent"]?.arrayValue?.first?["attempts"]?.arrayValue?.first?["body"]
        #expect(body?["FamilyName"]?.stringValue == lastName)
    }

    @Test func onlyOperatorsMayPostButAnyoneMayLook() async throws {
        let harness = try PipelineHarness(pipelineExtra: "[sync]\noperators = [\"ana\"]")
        let refused = await harness.qbsyncOutput("run")
        #expect(refused.code == 3)
        #expect(refused.err.contains("e2e-test may not run: only the people in [sync] operators"))
        #expect(!FileManager.default.fileExists(atPath: harness.workspace.appendingPathComponent("runs").path), "nothing was taken")
        #expect(await harness.qbsyncOutput("status").code == 0)
        #expect(await harness.qbsyncOutput("run", "--by", "Ana").code != 3)
        #expect(harness.sandbox.objects("Invoice").count > 0)
    }
}
