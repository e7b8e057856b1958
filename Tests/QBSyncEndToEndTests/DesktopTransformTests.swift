import Foundation
import GRDB
import QBSyncCore
import QBSyncXML
import Testing

/// A desktop pipeline's transform: qbXML message sets an accountant can read and QuickBooks
/// Desktop accepts, no patient detail in them, and a load that refuses clearly until the Desktop
/// load is in the build.
struct DesktopTransformTests {
    static let desktop = "[quickbooks]\nedition = \"desktop\""

    @Test func aDesktopRunIsWrittenAsQBXMLMessageSetsOfAtMostThirtyRequests() async throws {
        let harness = try PipelineHarness(patients: 14, days: 24, seed: 5, pipelineExtra: Self.desktop)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        let transformed = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transformed.code == 0, "\(transformed.err)")
        let batches = harness.latestRun.appendingPathComponent("2-transform/batches")
        let files = try FileManager.default.contentsOfDirectory(atPath: batches.path).sorted()
        #expect(!files.isEmpty)
        #expect(files.allSatisfy { $0.hasSuffix(".qbxml") }, "\(files)")
        var kinds: Set<String> = []
        for file in files {
            let text = try String(contentsOf: batches.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"13.0\"?>\n"))
            let document = try XMLTreeReader.read(text)
            let set = try #require(document.root.child("QBXMLMsgsRq"))
            #expect(set.attribute("onError") == "stopOnError")
            #expect(set.attribute("newMessageSetID") == nil)
            #expect((1...30).contains(set.children.count))
            for request in set.children {
                let id = try #require(request.attribute("requestID"))
                #expect(id.count <= 50)
                kinds.insert(request.name)
            }
        }
        #expect(kinds.isSuperset(of: ["CustomerAddRq", "InvoiceAddRq", "ReceivePaymentAddRq", "ClassAddRq", "PaymentMethodAddRq"]), "\(kinds)")
        // The plan names each request by its bId, which its requestID starts with.
        let plan = try FileStore.readJSON(harness.latestRun.appendingPathComponent("2-transform/plan.json"))
        let first = try #require(plan["batches"]?.arrayValue?.first)
        #expect(first["file"]?.stringValue?.hasSuffix(".qbxml") == true)
        // The review reads the sets: it has documents with totals.
        let review = try String(contentsOf: harness.latestRun.appendingPathComponent("2-transform/review.csv"), encoding: .utf8)
        #expect(review.contains("Invoice"))
    }

    @Test func noPatientDetailOfTheSampleIsInAnyQBXMLSet() async throws {
        let harness = try PipelineHarness(patients: 14, days: 24, seed: 31, pipelineExtra: Self.desktop)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("transform", "--run", run) == 0)
        let secrets: [String] = try harness.oms { db in
            var values: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT first_name, last_name, email, mobile_phone, address1, city FROM patients") {
                values.append("\(row["first_name"] as String) \(row["last_name"] as String)")
                if let last = row["last_name"] as String?, last.count >= 6 { values.append(last) }
                for column in ["email", "address1", "mobile_phone"] { if let value = row[column] as String? { values.append(value) } }
            }
            return values.map { $0.lowercased() }
        }
        let sets = harness.texts(under: harness.latestRun.appendingPathComponent("2-transform"))
        #expect(sets.contains { $0.0.hasSuffix(".qbxml") })
        for (path, text) in sets {
            let lowered = text.lowercased()
            for secret in secrets where lowered.contains(secret) { Issue.record("a patient's detail appears in \(path)") }
        }
    }

    @Test func loadOnADesktopPipelineWithoutTheWebConnectorPasswordExitsTwoAndSendsNothing() async throws {
        let harness = try PipelineHarness(patients: 6, days: 10, seed: 7, pipelineExtra: Self.desktop)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("transform", "--run", run) == 0)
        let load = await harness.qbsyncOutput("load", "--run", run)
        #expect(load.code == 2)
        #expect(load.err.contains("QBSYNC_QBWC_PASSWORD"), "\(load.err)")
        #expect(load.err.contains(run))
        #expect(!load.err.contains("--run ID"))
        #expect(harness.sandbox.objects("Invoice").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: harness.latestRun.appendingPathComponent("3-load/journal.jsonl").path))
    }

    @Test func anUnknownEditionExitsTwoNamingTheFileAndTheChoices() async throws {
        let harness = try PipelineHarness(patients: 2, days: 2, seed: 3, pipelineExtra: "[quickbooks]\nedition = \"enterprise\"")
        let result = await harness.qbsyncOutput("extract")
        #expect(result.code == 2)
        #expect(result.err.contains(harness.pipelineURL.path))
        #expect(result.err.contains("\"online\"") && result.err.contains("\"desktop\""), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: harness.workspace.appendingPathComponent("runs").path))
    }

    @Test func anAccountNameDesktopCannotHoldExitsTwoBeforeAnythingIsDone() async throws {
        let extra = Self.desktop + "\n[tax]\naccount = \"Sales Tax Payable to the State Board (OMS)\""
        let harness = try PipelineHarness(patients: 2, days: 2, seed: 3, pipelineExtra: extra)
        let result = await harness.qbsyncOutput("extract")
        #expect(result.code == 2)
        #expect(result.err.contains("Sales Tax Payable to the State Board (OMS)") && result.err.contains("31"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: harness.workspace.appendingPathComponent("runs").path))
    }

    @Test func theShippedDesktopPipelineReadsAsADesktopPipeline() throws {
        let settings = try PipelineSettings.load(path: "pipelines/desktop.toml", environment: [:])
        #expect(settings.quickbooks.edition == .desktop)
        #expect(settings.mapping.depositAccount == "Undeposited Funds")
        #expect(settings.mapping.refundFromAccount == "Checking")
        #expect(settings.mapping.incomeAccounts["service"] == "Service Income")
        #expect(settings.mapping.incomeAccounts["write_off"] == "Bad Debt")
    }
}
