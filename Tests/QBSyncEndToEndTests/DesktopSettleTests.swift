import Foundation
import GRDB
import Logging
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncXML
import Testing

/// How a Desktop load settles what QuickBooks Desktop answers with more than "done": a load
/// killed after QuickBooks ran a set asks for the stored answer first (error recovery), a name
/// QuickBooks already holds is adopted when it is qbsync's own, a Mod sent against a stale
/// EditSequence is re-read and sent once more. Each through the sandbox's company. One at a
/// time: each loads a whole sample, and the Web Connector tests beside them wait on the clock.
@Suite(.serialized)
struct DesktopSettleTests {
    @Test func aLoadKilledAfterQuickBooksRanASetAsksForItsStoredAnswerBeforeAnythingElse() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 14)
        // The third set is handed out and run; the load dies before it records the answer.
        await #expect(throws: SimulatedLoadCrash.self) { try await setup.load(crashPoints: .crash(at: .afterSend, occurrence: 3)) }
        let lost = try #require(setup.transport.sent.last { $0.contains("newMessageSetID=") })
        let setID = try #require(Self.attribute("newMessageSetID", in: lost))
        let lostRequests = Self.requestIDs(in: lost)
        #expect(!lostRequests.isEmpty)
        let sentBefore = setup.transport.sent.count
        let journal = setup.harness.latestRun.appendingPathComponent("3-load/journal.jsonl")
        let eventsBefore = try Self.events(journal).count

        let result = try await setup.load(takeOverLock: true)
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")

        // The first write set after the restart is the status check of the lost one.
        let writes = setup.transport.sent[sentBefore...].filter { $0.contains("newMessageSetID=") }
        let first = try #require(writes.first)
        #expect(first.contains("oldMessageSetID=\"\(setID)\""), "the restart's first write set is not the status check of \(setID)")
        // Nothing that was in the lost set is sent again.
        for set in writes.dropFirst() {
            #expect(Self.requestIDs(in: set).isDisjoint(with: lostRequests), "a request of the lost set was sent again")
        }
        // The journal shows the status check, with QuickBooks's stored answer, before any new intent.
        let after = try Self.events(journal).dropFirst(eventsBefore)
        let firstSend = try #require(after.first { ["intent", "status-check"].contains($0["event"]?.stringValue ?? "") })
        #expect(firstSend["event"]?.stringValue == "status-check")
        #expect(firstSend["stored_answer"]?.boolValue == true)
        #expect(after.contains { $0["event"]?.stringValue == "answer" && $0["recovered"]?.boolValue == true })
        try DesktopLoadTests().tiesOut(setup)
    }

    @Test func aCustomerNameAlreadyInTheCompanyIsAdoptedAndItsDocumentsPostInTheSameRun() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 9)
        let (key, name) = try #require(try Self.plannedCustomers(setup.harness).first)
        // The customer is in the company already, inactive (as a reintegrated company, or an
        // answer lost before the ledger recorded it, leaves it); QuickBooks refuses its name (3100).
        let made = try setup.transport.query(
            "CustomerAdd", [XMLTreeElement("CustomerAdd", children: [.leaf("Name", name), .leaf("IsActive", "false")])])
        let listID = try #require(made.first?.text(of: "ListID"))

        let result = try await setup.load()
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(try setup.ledger.booksObject(key)?.remoteID == listID, "the existing customer was not adopted")
        #expect(result.results.contains { $0.key == key && $0.status == "adopted" })
        let customers = try setup.transport.query("CustomerQuery", [.leaf("ActiveStatus", "All")])
        #expect(customers.filter { $0.text(of: "Name")?.lowercased() == name.lowercased() }.count == 1, "a second customer of that name")
        try DesktopLoadTests().tiesOut(setup)
    }

    @Test func aCustomerNameAVendorHoldsFailsWithTheFixForADesktopUser() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 9)
        let (key, name) = try #require(try Self.plannedCustomers(setup.harness).first)
        setup.company.addOtherName(kind: "Vendor", name: name)

        let result = try await setup.load()
        let failure = try #require(result.results.first { $0.key == key && $0.failed })
        #expect(failure.code == "3100")
        let customers = try setup.transport.query("CustomerQuery", [.leaf("ActiveStatus", "All")])
        #expect(!customers.contains { $0.text(of: "Name")?.lowercased() == name.lowercased() }, "the vendor's name was taken over")

        let reconciled = await setup.harness.qbsyncOutput("reconcile", "--run", setup.run)
        #expect(reconciled.code == 1)
        let ref = String(key.split(separator: " ")[1])
        let item = try #require(try setup.ledger.item(ref))
        let message = item.message ?? ""
        #expect(message.contains("vendor, employee or other name"), "\(message)")
        #expect(message.contains("'qbsync retry \(ref)'"), "\(message)")
        #expect(!message.contains("qbsync connect"), "a Desktop user is told QuickBooks Online's fix: \(message)")
    }

    @Test func aModSentAgainstAnEditSequenceChangedInQuickBooksIsReReadAndSentOnceMore() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 3)
        #expect(try await setup.load().failed == 0)
        // A sale in QuickBooks is edited in the OMS...
        let (sale, txnID) = try #require(try Self.postedSale(setup))
        try OMSScenario(setup.harness).raisePrice(sale: sale, by: 5_000)
        let run = try await setup.nextRun()
        // ...and, meanwhile, a person changes the invoice in QuickBooks (its EditSequence moves on).
        let invoice = try #require(try setup.transport.query("InvoiceQuery", [.leaf("TxnID", txnID)]).first)
        let sequence = try #require(invoice.text(of: "EditSequence"))
        _ = try setup.transport.query(
            "InvoiceMod",
            [XMLTreeElement("InvoiceMod", children: [.leaf("TxnID", txnID), .leaf("EditSequence", sequence), .leaf("Other", "checked")])])

        let result = try await setup.load(run)
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(result.results.contains { $0.ref == "sale:\(sale)" && $0.status == "updated" })
        let sets = setup.transport.sent.filter { $0.contains("<InvoiceMod>") && $0.contains(txnID) }
        #expect(sets.count == 2, "the Mod was not sent exactly twice (once stale, once re-read)")
        try DesktopLoadTests().tiesOut(harness: setup.harness, transport: setup.transport, ledger: setup.ledger)
    }

    @Test func aPatientsCustomerMadeInactiveInQuickBooksIsMadeActiveAgainForItsNewInvoice() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 3)
        #expect(try await setup.load().failed == 0)
        let patients = try setup.harness.oms { db in try Int.fetchAll(db, sql: "SELECT id FROM patients WHERE status = 'active' ORDER BY id") }
        let patient = try #require(try patients.first { try setup.ledger.booksObject("customer patient:\($0)") != nil })
        let customer = try #require(try setup.ledger.booksObject("customer patient:\(patient)"))
        // A person makes the customer inactive in QuickBooks; then the patient buys again.
        let held = try #require(try setup.transport.query("CustomerQuery", [.leaf("ListID", customer.remoteID)]).first)
        _ = try setup.transport.query(
            "CustomerMod",
            [
                XMLTreeElement(
                    "CustomerMod",
                    children: [.leaf("ListID", customer.remoteID), .leaf("EditSequence", held.text(of: "EditSequence") ?? ""), .leaf("IsActive", "false")])
            ])
        let (sale, _) = try OMSScenario(setup.harness).sale(patient: patient, cents: 40_000)
        let run = try await setup.nextRun()

        let result = try await setup.load(run)
        #expect(result.failed == 0, "\(result.results.filter(\.failed).prefix(5).map { "\($0.ref) \($0.code ?? "") \($0.message ?? "")" })")
        #expect(result.results.contains { $0.ref == "sale:\(sale)" && $0.status == "created" }, "the new invoice was not posted")
        let now = try #require(try setup.transport.query("CustomerQuery", [.leaf("ListID", customer.remoteID)]).first)
        #expect(now.text(of: "IsActive") != "false", "the customer is still inactive")
        let events = try Self.events(setup.harness.latestRun.appendingPathComponent("3-load/journal.jsonl"))
        #expect(events.contains { $0["event"]?.stringValue == "reactivated" && $0["key"]?.stringValue == customer.key })
        let invoice = try #require(try setup.ledger.booksObject("invoice sale:\(sale) patient"))
        #expect(try setup.transport.query("InvoiceQuery", [.leaf("TxnID", invoice.remoteID)]).count == 1)
    }

    @Test func documentsDatedOnOrBeforeTheClosingDateGoToTheManualListAndTheRestPosts() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 3)
        let dates = try Self.plannedInvoiceDates(setup.harness)
        let close = try #require(dates.min())
        #expect(dates.contains { $0 > close })
        setup.company.closingDate = close

        let result = try await setup.load()
        let closed = result.results.filter { $0.code == "closed-period" }
        #expect(!closed.isEmpty)
        // Nothing dated in the closed period is in the company; what is after it posted.
        let invoices = try setup.transport.query("InvoiceQuery")
        #expect(!invoices.isEmpty)
        for type in ["InvoiceQuery", "CreditMemoQuery", "ReceivePaymentQuery", "ARRefundCreditCardQuery"] {
            for document in try setup.transport.query(type) {
                #expect((document.text(of: "TxnDate") ?? "") > close, "a \(type.dropLast(5)) dated in the closed period was posted")
            }
        }
        _ = await setup.harness.qbsyncOutput("reconcile", "--run", setup.run)
        for ref in Set(closed.map(\.ref)) {
            let item = try #require(try setup.ledger.item(ref))
            #expect(item.state == .manual, "\(ref) is \(item.state.rawValue), not on the manual list")
            let message = item.message ?? ""
            #expect(message.contains(close) && message.contains("Edit > Preferences") && message.contains("'qbsync manual-done \(ref)'"), "\(message)")
            #expect(!message.contains("Account and settings"), "a Desktop user is shown QuickBooks Online's menu: \(message)")
        }
    }

    @Test func aDesktopRunSummaryNamesRefundsAsDesktopDoes() async throws {
        let setup = try await DesktopLoadTests.Setup(seed: 3)
        let refunds = try setup.harness.oms { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refunds WHERE status = 'active'") ?? 0 }
        #expect(refunds > 0)
        #expect(try await setup.load().failed == 0)
        let reconciled = await setup.harness.qbsyncOutput("reconcile", "--run", setup.run)
        #expect(reconciled.code == 0, "\(reconciled.err)")
        let summary = try FileStore.readJSON(setup.harness.latestRun.appendingPathComponent("4-reconcile/summary.json"))
        let documents = summary["totals_by_document"]?.objectValue ?? [:]
        #expect(documents["Refund (ARRefundCreditCard)"] != nil, "\(documents.keys.sorted())")
        #expect(documents["RefundReceipt"] == nil, "a Desktop summary names QuickBooks Online's RefundReceipt")
        let status = await setup.harness.qbsyncOutput("status")
        #expect(!status.out.contains("RefundReceipt"), "\(status.out)")
    }

    // MARK: Helpers

    /// The dates of the invoices the run creates.
    static func plannedInvoiceDates(_ harness: PipelineHarness) throws -> [String] {
        var dates: [String] = []
        for (path, text) in harness.texts(under: harness.latestRun.appendingPathComponent("2-transform")) where path.hasSuffix(".qbxml") {
            let root = try XMLTreeReader.read(text).root
            for request in root.child("QBXMLMsgsRq")?.children ?? [] where request.name == "InvoiceAddRq" {
                if let date = request.child("InvoiceAdd")?.text(of: "TxnDate") { dates.append(date) }
            }
        }
        return dates
    }

    /// The patients' customers the run creates, by ledger key, with the name each is sent under.
    static func plannedCustomers(_ harness: PipelineHarness) throws -> [(key: String, name: String)] {
        var found: [(key: String, name: String)] = []
        for (path, text) in harness.texts(under: harness.latestRun.appendingPathComponent("2-transform")) where path.hasSuffix(".qbxml") {
            let root = try XMLTreeReader.read(text).root
            for request in root.child("QBXMLMsgsRq")?.children ?? [] where request.name == "CustomerAddRq" {
                let key = String((request.attribute("requestID") ?? "").drop { $0 != " " }.dropFirst())
                guard key.hasPrefix("customer patient:"), let name = request.child("CustomerAdd")?.text(of: "Name") else { continue }
                found.append((key, name))
            }
        }
        return found.sorted { $0.key < $1.key }
    }

    /// An open sale whose patient invoice is in QuickBooks, with the invoice's TxnID.
    static func postedSale(_ setup: DesktopLoadTests.Setup) throws -> (Int, String)? {
        let sales = try setup.harness.oms { db in try Int.fetchAll(db, sql: "SELECT id FROM sales WHERE status = 'open' ORDER BY id") }
        for sale in sales {
            if let object = try setup.ledger.booksObject("invoice sale:\(sale) patient") { return (sale, object.remoteID) }
        }
        return nil
    }

    static func attribute(_ name: String, in set: String) -> String? {
        (try? XMLTreeReader.read(set).root)?.child("QBXMLMsgsRq")?.attribute(name)
    }

    static func requestIDs(in set: String) -> Set<String> {
        Set(((try? XMLTreeReader.read(set).root)?.child("QBXMLMsgsRq")?.children ?? []).compactMap { $0.attribute("requestID") })
    }

    static func events(_ journal: URL) throws -> [JSONValue] {
        try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }
}

extension DesktopLoadTests.Setup {
    /// The next run of the workspace, extracted and transformed; its id.
    func nextRun() async throws -> String {
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        let transformed = await harness.qbsyncOutput("transform", "--run", run)
        #expect(transformed.code == 0, "\(transformed.err)")
        return run
    }

    /// Loads `runID` into the company.
    func load(_ runID: String) async throws -> LoadResult {
        let edition = DesktopEdition(transport: transport, leakCheckWorkspace: settings.workspace)
        let loader = Loader(settings: settings, ledger: ledger, edition: edition, logger: Logger(label: "desktop-settle-test"), actor: "e2e-test")
        return try await loader.run(runID: runID)
    }
}
