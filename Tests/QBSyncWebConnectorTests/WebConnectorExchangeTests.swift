import Foundation
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// The whole Web Connector exchange over real HTTP on loopback.
struct WebConnectorExchangeTests {
    @Test func everySetGoesToQuickBooksOnceInOrderWithPercentDoneUpTo100() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 3))
        defer { harness.stop() }
        let connector = harness.connector()

        let outcome = await connector.update()

        #expect(outcome == .finished(message: "OK: qbsync took 3 answers."))
        #expect(harness.quickBooks.processed == [QueueWork.qbXML("set-1"), QueueWork.qbXML("set-2"), QueueWork.qbXML("set-3")])
        #expect(harness.work.answered == ["set-1", "set-2", "set-3"])
        #expect(connector.calls.map(\.method) == [
            "serverVersion", "clientVersion", "authenticate",
            "sendRequestXML", "receiveResponseXML", "sendRequestXML", "receiveResponseXML", "sendRequestXML", "receiveResponseXML",
            "closeConnection",
        ])
        #expect(connector.calls.filter { $0.method == "receiveResponseXML" }.map(\.result) == ["33", "66", "100"])
        let login = try #require(connector.calls.first { $0.method == "authenticate" })
        #expect(login.result.hasSuffix("|"))  // [ticket, ""]: the file open in QuickBooks
        #expect(harness.service.openTickets.isEmpty)
    }

    @Test func noOpMakesTheWebConnectorWaitAndAskAgain() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1, waits: 2))
        defer { harness.stop() }
        let connector = harness.connector()

        #expect(await connector.update() == .finished(message: "OK: qbsync took 1 answer."))
        #expect(connector.calls.filter { $0.method == "sendRequestXML" }.map(\.result) == ["NoOp", "NoOp", "qbXML"])
        #expect(harness.work.events == ["wait", "wait", "handed set-1", "answered set-1"])
    }

    @Test func aLostAnswerIsReportedAtTheNextAuthenticateAndRecoveredBeforeAnythingNew() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 3))
        defer { harness.stop() }
        let connector = harness.connector(faults: SandboxWebConnectorFaults(loseAnswerEvery: 2))

        #expect(await connector.update() == .answerLost)
        #expect(harness.work.events == ["handed set-1", "answered set-1", "handed set-2"])
        let second = await connector.update()

        #expect(harness.work.events.prefix(5) == ["handed set-1", "answered set-1", "handed set-2", "lost set-2", "handed recover-set-2"])
        // The Web Connector loses every second answer: the recovery's own answer is lost too,
        // and recovered again, until the work is done.
        var outcome = second
        for _ in 0..<6 where outcome == .answerLost { outcome = await connector.update() }
        #expect(outcome == .finished(message: "OK: qbsync took 1 answer."))
        #expect(harness.work.answered == ["set-1", "set-2", "set-3"])
        #expect(harness.work.events.filter { $0 == "handed set-3" }.count == 1)
        #expect(harness.log.contains("qbwc answer to set-2 lost: a new update began while it was outstanding"))
    }

    @Test func aSessionCutShortIsResumedByTheNextUpdateWithNothingTwice() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 5))
        defer { harness.stop() }
        let connector = harness.connector(faults: SandboxWebConnectorFaults(cutSessionAfter: 2))

        #expect(await connector.update() == .cut)
        #expect(harness.work.answered == ["set-1", "set-2"])
        #expect(await connector.update() == .cut)
        #expect(await connector.update() == .finished(message: "OK: qbsync took 1 answer."))

        #expect(harness.quickBooks.processed.count == 5)
        #expect(Set(harness.quickBooks.processed).count == 5)
        #expect(harness.work.answered == ["set-1", "set-2", "set-3", "set-4", "set-5"])
        #expect(!harness.work.events.contains { $0.hasPrefix("lost") })
    }

    @Test func aRequestProcessorFailureGivesANegativePercentAndAnErrorTextWithoutQuickBooksWords() async throws {
        let quickBooks = RecordingQuickBooks(failEverySetWith: "0x80040400")
        let harness = try WebConnectorHarness(work: QueueWork(count: 2), quickBooks: quickBooks)
        defer { harness.stop() }
        let connector = harness.connector()

        let outcome = await connector.update()

        guard case .stopped(let lastError) = outcome else { Issue.record("expected a stop, got \(outcome)"); return }
        #expect(lastError.contains("message set set-1 (0x80040400) and ran none of it"))
        #expect(connector.calls.filter { $0.method == "receiveResponseXML" }.map(\.result) == ["-1"])
        #expect(harness.work.events == ["handed set-1", "failed set-1 0x80040400"])
    }

    @Test func quickBooksNotRunningIsReportedThroughConnectionErrorAndTheWorkWaits() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1), quickBooks: RecordingQuickBooks(openFailures: 1))
        defer { harness.stop() }
        let connector = harness.connector()

        #expect(await connector.update() == .quickBooksNotRunning(hresult: "0x80040408"))
        #expect(connector.calls.map(\.method).suffix(2) == ["connectionError", "closeConnection"])
        #expect(connector.calls.last?.result.contains("Open QuickBooks with the clinic's company file") == true)
        #expect(harness.work.events == ["no quickbooks 0x80040408"])
        #expect(harness.quickBooks.processed.isEmpty)

        #expect(await connector.update() == .finished(message: "OK: qbsync took 1 answer."))
    }
}

/// Stopping the service (SIGTERM in `qbsync webconnector`).
struct WebConnectorStopTests {
    @Test func stoppingFinishesTheExchangeInHandThenRefusesTheNext() async throws {
        let work = QueueWork(count: 2)
        work.answerDelay = 0.5
        let harness = try WebConnectorHarness(work: work)
        let connector = harness.connector()

        let update = Task { await connector.update() }
        for _ in 0..<200 where !work.events.contains("answering set-1") { try await Task.sleep(for: .milliseconds(10)) }
        #expect(work.events.contains("answering set-1"))
        harness.stop()
        let outcome = await update.value

        // The answer in hand was journaled and acknowledged; the next call found the service gone.
        #expect(work.answered == ["set-1"])
        #expect(connector.calls.last { $0.method == "receiveResponseXML" }?.result == "50")
        guard case .unreachable = outcome else { Issue.record("expected the service gone, got \(outcome)"); return }
        #expect(harness.quickBooks.processed.count == 1)
    }
}
