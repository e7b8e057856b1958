import Foundation
import QBSyncSandbox
import QBSyncWebConnector
import Testing

/// The service holds its answer while the work prepares its next set, so the Web Connector is
/// not told `NoOp` (and left idle 5 s) between sets of a load that keeps up.
struct WebConnectorHoldTests {
    @Test func aSetQueuedShortlyAfterEachAnswerIsHandedOutWithoutANoOp() async throws {
        let work = LateWork(count: 4, delay: 0.2)
        let settings = WebConnectorSettings(
            userName: "qbsync", password: WebConnectorHarness.password,
            companyCheck: ExpectedCompany(ownerID: QWCFile.ownerID, fileID: QWCFile.fileID(companyFile: "")))
        let server = WebConnectorServer(service: WebConnectorService(settings: settings, work: work), host: "127.0.0.1", port: 0)
        try server.start()
        defer { server.stop(grace: 5) }
        let quickBooks = RecordingQuickBooks()
        let connector = SandboxWebConnector(
            url: URL(string: server.url)!, userName: "qbsync", password: WebConnectorHarness.password, quickBooks: quickBooks,
            noOpWait: .milliseconds(20))

        let outcome = await connector.update()

        #expect(outcome == .finished(message: "OK: qbsync took 4 answers."))
        #expect(quickBooks.processed.count == 4)
        let requests = connector.calls.filter { $0.method == "sendRequestXML" }.map(\.result)
        #expect(requests == ["qbXML", "qbXML", "qbXML", "qbXML"], "every set handed out at the first asking")
        #expect(connector.calls.filter { $0.method == "receiveResponseXML" }.map(\.result) == ["25", "50", "75", "100"])
    }
}

/// Work like a load's: each set is queued a moment after the previous answer (the first a
/// moment after the start), as the poster journals an answer and renders what comes next.
final class LateWork: WebConnectorWork, @unchecked Sendable {
    private let condition = NSCondition()
    private let total: Int
    private let delay: TimeInterval
    private var ready: WebConnectorRequest?
    private var answered = 0

    init(count: Int, delay: TimeInterval) {
        total = count
        self.delay = delay
        queue(1)
    }

    private func queue(_ number: Int) {
        guard number <= total else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            condition.lock()
            ready = WebConnectorRequest(id: "set-\(number)", qbXML: QueueWork.qbXML("set-\(number)"))
            condition.broadcast()
            condition.unlock()
        }
    }

    private var nextKnown: Bool { ready != nil || answered == total }

    func hasWork() -> Bool { condition.withLock { answered < total } }

    func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext {
        condition.withLock {
            if let ready { return .request(ready) }
            return answered == total ? .done : .wait
        }
    }

    func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance {
        let number = condition.withLock { () -> Int in
            ready = nil
            answered += 1
            return answered + 1
        }
        queue(number)
        return .accepted
    }

    func takeFailure(hresult: String, message: String, to request: WebConnectorRequest) {}
    func reportLostAnswer(to request: WebConnectorRequest) {}
    func quickBooksUnavailable(hresult: String, message: String) {}
    func progress() -> WebConnectorProgress { condition.withLock { WebConnectorProgress(total: total, answered: answered) } }

    func waitForNext(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
        condition.lock()
        defer { condition.unlock() }
        while !nextKnown, condition.wait(until: deadline) {}
        return nextKnown
    }
}
