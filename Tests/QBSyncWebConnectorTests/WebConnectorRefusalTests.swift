import Foundation
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// What the service answers when it must not hand anything out.
struct WebConnectorRefusalTests {
    @Test func aWrongPasswordGetsNvuAndThePasswordIsNowhereInTheLogOrTheAnswers() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 2))
        defer { harness.stop() }
        let wrong = "Tr0ub4dor&3-horsf"
        let connector = harness.connector(password: wrong)

        #expect(await connector.update() == .invalidUser)
        let login = try #require(connector.calls.first { $0.method == "authenticate" })
        #expect(login.result.hasSuffix("|nvu"))
        #expect(harness.quickBooks.opened == 0)
        #expect(harness.work.events.isEmpty)
        let everything = harness.log.joined(separator: "\n") + connector.calls.map(\.result).joined(separator: "\n")
        for secret in [wrong, WebConnectorHarness.password, "Tr0ub4dor"] {
            #expect(!everything.contains(secret))
        }
        #expect(harness.log.contains("qbwc authenticate refused: wrong user name or password"))
    }

    @Test func noWorkGetsNoneAndQuickBooksIsNotOpened() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 0))
        defer { harness.stop() }
        let connector = harness.connector()

        #expect(await connector.update() == .noWork)
        #expect(connector.calls.map(\.method) == ["serverVersion", "clientVersion", "authenticate", "closeConnection"])
        #expect(connector.calls.first { $0.method == "authenticate" }?.result.hasSuffix("|none") == true)
        #expect(harness.quickBooks.opened == 0)
        #expect(connector.calls.last?.result == "qbsync has nothing for QuickBooks now.")
    }

    @Test func anotherProcessHoldingTheLoadLockGetsBusy() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 2), busy: { true })
        defer { harness.stop() }
        let connector = harness.connector()

        #expect(await connector.update() == .busy)
        #expect(connector.calls.first { $0.method == "authenticate" }?.result.hasSuffix("|busy") == true)
        #expect(harness.quickBooks.processed.isEmpty)
        #expect(harness.work.events.isEmpty)
        #expect(connector.calls.last?.result == "Another qbsync process is loading into QuickBooks now; the next update goes on.")
    }

    @Test(arguments: [
        (RecordingQuickBooks.hcp(fileID: "{00000000-1111-2222-3333-444444444444}"), "is not the company this qbsync pipeline keeps"),
        (RecordingQuickBooks.hcp(fileID: nil), "is not the company this qbsync pipeline keeps"),
        (RecordingQuickBooks.hcp(classTracking: false), "Class tracking is off"),
        (RecordingQuickBooks.hcp(closingDate: "2026-11-30"), "is closed through 2026-11-30 and qbsync has documents dated 2026-11-02"),
        ("", "could not read QuickBooks's host, company and preferences answer"),
    ])
    func theWrongCompanyIsRefusedBeforeAnyRequestIsHandedOut(hcp: String, reason: String) async throws {
        let harness = try WebConnectorHarness(
            work: QueueWork(count: 2), quickBooks: RecordingQuickBooks(hcp: hcp), earliestDate: "2026-11-02")
        defer { harness.stop() }
        let connector = harness.connector()

        let outcome = await connector.update()

        guard case .stopped(let lastError) = outcome else { Issue.record("expected a stop, got \(outcome)"); return }
        #expect(lastError.contains(reason))
        #expect(lastError.contains("so qbsync wrote nothing") || lastError.contains("so it wrote nothing"))
        #expect(harness.quickBooks.processed.isEmpty)
        #expect(harness.work.events.isEmpty)
        #expect(connector.calls.map(\.method).suffix(3) == ["sendRequestXML", "getLastError", "closeConnection"])
        #expect(connector.calls.last?.result == lastError)
    }

    @Test func aCompanyWithAnotherNameIsRefused() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1), companyName: "Quiet Valley Audiology")
        defer { harness.stop() }

        let outcome = await harness.connector().update()

        #expect(outcome == .stopped(lastError: "The company file C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Hearing Clinic.qbw belongs to another company than the pipeline's 'Quiet Valley Audiology', so qbsync wrote nothing. Open the clinic's company file in QuickBooks and update again."))
        #expect(harness.quickBooks.processed.isEmpty)
    }
}
