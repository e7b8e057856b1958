import Foundation
import QBSyncWebConnector

/// An in-test work source: request sets handed out in order; a lost answer is recovered first
/// by a status-check set (as the desktop load will), before anything new. It records every
/// event in order so a test can read what the service told it.
final class QueueWork: WebConnectorWork, @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [WebConnectorRequest]
    private let total: Int
    private var answeredIDs: [String] = []
    private var log: [String] = []
    private var waitsLeft: Int
    /// How long `takeAnswer` takes (as a journal's disk write may).
    var answerDelay: TimeInterval = 0

    /// Work of `count` sets named `set-1`…; `waits` times the service is told to wait first.
    init(count: Int, waits: Int = 0) {
        waiting = (1...max(1, count)).prefix(count).map { WebConnectorRequest(id: "set-\($0)", qbXML: Self.qbXML("set-\($0)")) }
        total = count
        waitsLeft = waits
    }

    /// What happened, in order: `handed set-1`, `answered set-1`, `lost set-2`, `failed set-3 0x…`, `no quickbooks`.
    var events: [String] { lock.withLock { log } }
    /// Ids of the sets answered.
    var answered: [String] { lock.withLock { answeredIDs } }

    func hasWork() -> Bool { lock.withLock { !waiting.isEmpty } }

    func nextRequest(for session: WebConnectorSessionInfo) -> WebConnectorNext {
        lock.withLock {
            if waitsLeft > 0 {
                waitsLeft -= 1
                log.append("wait")
                return .wait
            }
            guard let next = waiting.first else { return .done }
            log.append("handed \(next.id)")
            return .request(next)
        }
    }

    func takeAnswer(_ response: String, to request: WebConnectorRequest) -> WebConnectorAcceptance {
        if answerDelay > 0 {
            lock.withLock { log.append("answering \(request.id)") }
            Thread.sleep(forTimeInterval: answerDelay)
        }
        return lock.withLock {
            log.append("answered \(request.id)")
            waiting.removeAll { $0.id == request.id }
            // A recovered set's stored answer counts for the set itself.
            let original = request.id.hasPrefix("recover-") ? String(request.id.dropFirst("recover-".count)) : request.id
            waiting.removeAll { $0.id == original }
            if !answeredIDs.contains(original) { answeredIDs.append(original) }
            return .accepted
        }
    }

    func takeFailure(hresult: String, message: String, to request: WebConnectorRequest) {
        lock.withLock { log.append("failed \(request.id) \(hresult)") }
    }

    func reportLostAnswer(to request: WebConnectorRequest) {
        lock.withLock {
            log.append("lost \(request.id)")
            let recovery = WebConnectorRequest(id: "recover-\(request.id)", qbXML: Self.qbXML("recover-\(request.id)"))
            waiting.insert(recovery, at: 0)
        }
    }

    func quickBooksUnavailable(hresult: String, message: String) {
        lock.withLock { log.append("no quickbooks \(hresult)") }
    }

    func progress() -> WebConnectorProgress {
        lock.withLock { WebConnectorProgress(total: total, answered: answeredIDs.count) }
    }

    static func qbXML(_ id: String) -> String {
        #"<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError" newMessageSetID="\#(id)"><CustomerQueryRq requestID="q1"><FullName>Smith &amp; Sons</FullName></CustomerQueryRq></QBXMLMsgsRq></QBXML>"#
    }
}
