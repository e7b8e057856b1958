import Foundation
import QBSyncCore
import QBSyncWebConnector
import QBSyncXML

/// The bridge between the Desktop load and the Web Connector: the load (`DesktopEdition`)
/// pushes a message set and waits in `exchange`; QuickBooks pulls, asking with `sendRequestXML`
/// for the next set, and `receiveResponseXML` brings the answer that ends the wait. One set is
/// out at a time, handed out in the order the load asked.
///
/// Exactly once: an answer is kept (`keepAnswer`, before `receiveResponseXML` is acknowledged)
/// before the load sees it; a set whose answer was lost (a new `authenticate` while it was out,
/// a session cut short) is asked after again as a status check (`oldMessageSetID` = its
/// `newMessageSetID`), so QuickBooks hands back the stored answer instead of running it twice;
/// where it has none (600, 9002) the load is told the outcome is unknown and looks the
/// documents up before anything is sent again. QuickBooks not running leaves the set waiting
/// for the next update: nothing failed.
public final class DesktopLoadWork: WebConnectorWork, DesktopTransport, @unchecked Sendable {
    private struct Pending {
        var request: WebConnectorRequest
        var continuation: CheckedContinuation<DesktopExchange, any Error>
        var statusCheck = false
    }

    private let lock = NSLock()
    /// Signalled whenever a set is queued or the load ends, for a held Web Connector answer.
    private let nextReady = NSCondition()
    private var queue: [Pending] = []
    private var outstanding: Pending?
    private var answered = 0
    private var finished = false
    private var expired: String?
    private var queries = 0
    private let keepAnswer: @Sendable (String, String) throws -> Void

    /// `keepAnswer(set id, answer)` stores an answer durably before it is acknowledged.
    public init(keepAnswer: @escaping @Sendable (String, String) throws -> Void = { _, _ in }) {
        self.keepAnswer = keepAnswer
    }

    // MARK: The load's side

    public func exchange(_ messageSet: String, setID: String?) async throws -> DesktopExchange {
        try await withCheckedThrowingContinuation { continuation in
            let refusal: String? = lock.withLock {
                if let expired { return expired }
                queries += 1
                let id = setID ?? "query-\(queries)"
                queue.append(Pending(request: WebConnectorRequest(id: id, qbXML: messageSet), continuation: continuation))
                return nil
            }
            if let refusal { continuation.resume(throwing: QuickBooksAPIFailure.gaveUp(refusal)) }
            signalNextReady()
        }
    }

    /// The load is over: the Web Connector is told there is nothing more.
    public func finish() {
        lock.withLock { finished = true }
        signalNextReady()
    }

    /// The time to wait for QuickBooks has passed: every set not handed out is withdrawn (not
    /// run: the next load sends it), the one out is an unknown outcome the next load settles.
    public func expire(reason: String) {
        let (waiting, out) = lock.withLock { () -> ([Pending], Pending?) in
            expired = reason
            defer { queue = []; outstanding = nil }
            return (queue, outstanding)
        }
        for pending in waiting { pending.continuation.resume(throwing: QuickBooksAPIFailure.gaveUp(reason)) }
        out?.continuation.resume(throwing: QuickBooksAPIFailure.uncertain(reason))
        signalNextReady()
    }

    private func signalNextReady() {
        nextReady.lock()
        nextReady.broadcast()
        nextReady.unlock()
    }

    /// Whether `nextRequest` would now hand out a set or say `done`.
    private var nextIsReady: Bool { lock.withLock { outstanding != nil || !queue.isEmpty || finished || expired != nil } }

    // MARK: The Web Connector's side

    public func hasWork() -> Bool { lock.withLock { !finished || !queue.isEmpty || outstanding != nil } }

    public func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext {
        lock.withLock {
            if let outstanding { return .request(outstanding.request) }
            guard !queue.isEmpty else { return finished ? .done : .wait }
            outstanding = queue.removeFirst()
            return .request(outstanding!.request)
        }
    }

    public func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance {
        guard let pending = lock.withLock({ outstanding?.request.id == request.id ? outstanding : nil }) else {
            return .stop(reason: "qbsync was not waiting for an answer to message set \(request.id); the next update goes on")
        }
        do {
            try keepAnswer(request.id, response)
        } catch {
            return .stop(reason: "qbsync could not keep QuickBooks's answer to message set \(request.id) (\(error)); the next update asks QuickBooks for it again")
        }
        lock.withLock {
            outstanding = nil
            answered += 1
        }
        if pending.statusCheck, let code = Self.messageSetStatus(response), code == 600 || code == 9002 {
            pending.continuation.resume(
                returning: .processorFailure(hresult: "status-\(code)", message: "QuickBooks keeps no answer for message set \(request.id)"))
        } else {
            pending.continuation.resume(returning: .answer(response))
        }
        return .accepted
    }

    public func takeFailure(hresult: String, message: String, to request: WebConnectorRequest) {
        guard let pending = lock.withLock({ () -> Pending? in
            guard let out = outstanding, out.request.id == request.id else { return nil }
            outstanding = nil
            // QuickBooks could not run it now (closed, a dialog, another file): it waits for the next update.
            if DesktopProcessorFailure(hresult: hresult) == .quickBooksUnavailable {
                queue.insert(out, at: 0)
                return nil
            }
            return out
        }) else { return }
        pending.continuation.resume(returning: .processorFailure(hresult: hresult, message: message))
    }

    public func reportLostAnswer(to request: WebConnectorRequest) {
        lock.withLock {
            guard var out = outstanding, out.request.id == request.id else { return }
            outstanding = nil
            // A query changed nothing: it is simply asked again. A write set is a status check first.
            if out.request.qbXML.contains("newMessageSetID=\"\(request.id)\""), !out.statusCheck {
                // A restarted load's own status check already asks after the set.
                if !out.request.qbXML.contains("oldMessageSetID=") {
                    out.request.qbXML = out.request.qbXML.replacingOccurrences(
                        of: "newMessageSetID=\"\(request.id)\"", with: "newMessageSetID=\"\(request.id)\" oldMessageSetID=\"\(request.id)\"")
                }
                out.statusCheck = true
            }
            queue.insert(out, at: 0)
        }
    }

    public func quickBooksUnavailable(hresult: String, message: String) {}

    public func waitForNext(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        // The condition is checked under `nextReady`'s lock and every change is signalled under
        // it, so a set queued between the check and the wait still wakes the wait.
        nextReady.lock()
        defer { nextReady.unlock() }
        while !nextIsReady {
            if !nextReady.wait(until: deadline) { return nextIsReady }
        }
        return true
    }

    public func progress() -> WebConnectorProgress {
        lock.withLock {
            let left = queue.count + (outstanding == nil ? 0 : 1) + (finished ? 0 : 1)
            return WebConnectorProgress(total: answered + left, answered: answered)
        }
    }

    /// `messageSetStatusCode` of a response set, when QuickBooks gave one.
    static func messageSetStatus(_ response: String) -> Int? {
        guard let root = try? XMLTreeReader.read(response).root else { return nil }
        return root.child("QBXMLMsgsRs")?.attribute("messageSetStatusCode").flatMap(Int.init)
    }
}
