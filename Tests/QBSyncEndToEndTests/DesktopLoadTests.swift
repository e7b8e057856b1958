import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncXML
import Testing

/// The Desktop load (`DesktopEdition` under the edition-neutral poster) posting a desktop
/// pipeline's whole run into the sandbox's QuickBooks Desktop company: every document once,
/// each invoice's balance the OMS's open balance, payments, credit memos and refunds their OMS
/// amounts; the same when answers are lost after QuickBooks ran a set and when QuickBooks is
/// not running; and no patient detail in any set sent or in the journal.
struct DesktopLoadTests {
    static let desktop = "[quickbooks]\nedition = \"desktop\""

    /// A transformed desktop run of the sample, the company, the transport and the ledger.
    struct Setup {
        let harness: PipelineHarness
        let run: String
        let company: DesktopCompany
        let transport: DesktopCompanyTransport
        let settings: PipelineSettings
        let ledger: Ledger

        init(seed: UInt64) async throws {
            harness = try PipelineHarness(patients: 24, days: 40, seed: seed, pipelineExtra: DesktopLoadTests.desktop)
            #expect(await harness.qbsync("extract") == 0)
            run = harness.latestRun.lastPathComponent
            let transformed = await harness.qbsyncOutput("transform", "--run", run)
            #expect(transformed.code == 0, "\(transformed.err)")
            company = try DesktopCompany(folder: nil)
            transport = DesktopCompanyTransport(company: company)
            settings = try PipelineSettings.load(path: harness.pipelineURL.path, environment: harness.environment)
            ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        }

        func load(crashPoints: LoadCrashPoints = .none, takeOverLock: Bool = false) async throws -> LoadResult {
            let edition = DesktopEdition(transport: transport, leakCheckWorkspace: settings.workspace)
            var loader = Loader(settings: settings, ledger: ledger, edition: edition, logger: Logger(label: "desktop-load-test"), actor: "e2e-test")
            loader.crashPoints = crashPoints
            loader.takeOverLock = takeOverLock
            return try await loader.run(runID: run)
        }
    }

    @Test func aDesktopRunIsLoadedOnceAndTiesOutToTheOMS() async throws {
        let setup = try await Setup(seed: 3)
        let result = try await setup.load()
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(result.sent > 3)
        try tiesOut(setup)

        // Loading the run again sends nothing: the journal says it is done.
        let before = setup.transport.sent.count
        let again = try await setup.load()
        #expect(again.sent == 0)
        #expect(setup.transport.sent.count - before <= 2, "only the preflight's queries may go out")
        try tiesOut(setup)
    }

    @Test func lostAnswersAndAClosedQuickBooksLoseNothingAndDuplicateNothing() async throws {
        let setup = try await Setup(seed: 8)
        // QuickBooks closed: nothing runs, the load stops and the run waits.
        setup.transport.notRunningFor = 1
        await #expect(throws: (any Error).self) { try await setup.load() }
        #expect(try setup.transport.query("InvoiceQuery").isEmpty)
        // Every third set runs in QuickBooks and its answer never comes back.
        setup.transport.loseEveryNthWriteSet = 3
        var result = try await setup.load()
        var tries = 1
        while result.failed > 0, tries < 3 {
            tries += 1
            result = try await setup.load()
        }
        #expect(setup.transport.lostAnswers > 2)
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        try tiesOut(setup)
    }

    @Test(arguments: [
        LoadCrashPoint.beforeIntent, .afterIntent, .afterSend, .afterLedgerSave, .afterLedger, .afterAnswer, .afterBatch,
        .beforeFinish,
    ])
    func aLoadKilledAnywhereAndRunAgainPostsEverythingOnce(at point: LoadCrashPoint) async throws {
        let setup = try await Setup(seed: 14)
        // The third time the load passes the point (a later batch, documents already posted before it).
        let occurrence = point == .beforeFinish ? 1 : 3
        await #expect(throws: SimulatedLoadCrash.self) { try await setup.load(crashPoints: .crash(at: point, occurrence: occurrence)) }
        let result = try await setup.load(takeOverLock: true)
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        try tiesOut(setup)
    }

    @Test func noPatientDetailIsInAnySetSentOrInTheJournal() async throws {
        let setup = try await Setup(seed: 31)
        _ = try await setup.load()
        let secrets = try Self.patientSecrets(setup.harness)
        #expect(!setup.transport.sent.isEmpty)
        let load = setup.harness.texts(under: setup.harness.latestRun.appendingPathComponent("3-load"))
        #expect(load.contains { $0.0.hasSuffix("journal.jsonl") })
        for (place, text) in setup.transport.sent.map({ ("a set sent", $0) }) + load {
            let lowered = text.lowercased()
            for secret in secrets where lowered.contains(secret) { Issue.record("a patient's detail appears in \(place)") }
        }
    }

    /// The sample's patient details (names, emails, addresses, phones), lower-cased.
    static func patientSecrets(_ harness: PipelineHarness) throws -> [String] {
        try harness.oms { db in
            var values: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT first_name, last_name, email, mobile_phone, address1 FROM patients") {
                values.append("\(row["first_name"] as String) \(row["last_name"] as String)")
                if let last = row["last_name"] as String?, last.count >= 6 { values.append(last) }
                for column in ["email", "address1", "mobile_phone"] { if let value = row[column] as String? { values.append(value) } }
            }
            return values.map { $0.lowercased() }
        }
    }

    func tiesOut(_ setup: Setup) throws {
        try tiesOut(harness: setup.harness, transport: setup.transport, ledger: setup.ledger)
    }

    /// Every document once; each invoice's balance the OMS's open balance; payments, credit
    /// memos and refunds their OMS amounts.
    func tiesOut(harness: PipelineHarness, transport: DesktopCompanyTransport, ledger: Ledger, invoicesAtLeast: Int = 10) throws {
        #expect(transport.refusals.isEmpty, "\(transport.refusals.prefix(3))")
        for type in ["InvoiceQuery", "CreditMemoQuery", "ReceivePaymentQuery", "ARRefundCreditCardQuery"] {
            let memos = try transport.query(type).compactMap { $0.text(of: "Memo") }
            #expect(Set(memos).count == memos.count, "a \(type.dropLast(5)) was posted twice")
        }
        let expected = try TransactionsEndToEndTests().omsOpenBalances(harness)
        var checked = 0
        for (key, open) in expected {
            guard let txnID = try ledger.booksObject(key)?.remoteID else {
                #expect(open == 0, "\(key) is not in QuickBooks though the OMS has \(open) open")
                continue
            }
            let invoice = try #require(try transport.query("InvoiceQuery", [.leaf("TxnID", txnID)]).first)
            #expect(Money.cents(fromDecimalString: invoice.text(of: "BalanceRemaining") ?? "") == open, "\(key)")
            checked += 1
        }
        #expect(checked >= invoicesAtLeast)
        let amounts: [String: Int] = try harness.oms { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM payments WHERE status = 'active'") {
                out["payment payment:\(row["id"] as Int)"] = row["amount_cents"]
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT r.id, SUM(l.amount_cents) AS cents FROM returns r JOIN return_lines l ON l.return_id = r.id WHERE r.status = 'open' GROUP BY r.id")
            {
                out["creditmemo return:\(row["id"] as Int)"] = row["cents"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, amount_cents FROM refunds WHERE status = 'active'") {
                out["refundreceipt refund:\(row["id"] as Int)"] = row["amount_cents"]
            }
            return out
        }
        #expect(amounts.keys.contains { $0.hasPrefix("payment ") })
        for (key, cents) in amounts {
            let txnID = try #require(try ledger.booksObject(key)?.remoteID, "\(key) is not in QuickBooks")
            let type = key.hasPrefix("payment") ? "ReceivePaymentQuery" : key.hasPrefix("creditmemo") ? "CreditMemoQuery" : "ARRefundCreditCardQuery"
            let document = try #require(try transport.query(type, [.leaf("TxnID", txnID)]).first, "\(key)")
            #expect(Money.cents(fromDecimalString: document.text(of: "TotalAmount") ?? "") == cents, "\(key)")
        }
    }
}
