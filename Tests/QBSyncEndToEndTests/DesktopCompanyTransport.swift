import Foundation
import QBSyncCore
import QBSyncSandbox
import QBSyncXML

/// The Desktop load's transport straight into the sandbox's `DesktopCompany`, in process, with
/// the Web Connector's failures on demand: an answer lost after QuickBooks ran the set (the
/// request processor's unknown-outcome HRESULT), and QuickBooks not running (nothing ran).
final class DesktopCompanyTransport: DesktopTransport, @unchecked Sendable {
    let company: DesktopCompany
    private let lock = NSLock()
    /// Every `n`th write set runs and its answer is lost (0: none).
    var loseEveryNthWriteSet = 0
    /// The next `n` sets are refused as by a closed QuickBooks, without running.
    var notRunningFor = 0
    private(set) var writeSets = 0
    private(set) var lostAnswers = 0
    /// Every set handed over, as sent.
    private(set) var sent: [String] = []
    /// The company's own refusals of whole sets (a qbXML bug), with its reason.
    private(set) var refusals: [String] = []

    init(company: DesktopCompany) { self.company = company }

    func exchange(_ messageSet: String, setID: String?) async throws -> DesktopExchange {
        lock.withLock { handle(messageSet, setID: setID) }
    }

    private func handle(_ messageSet: String, setID: String?) -> DesktopExchange {
        sent.append(messageSet)
        if notRunningFor > 0 {
            notRunningFor -= 1
            return .processorFailure(hresult: "0x80040408", message: "Could not start QuickBooks.")
        }
        let answer = company.process(messageSet)
        if setID != nil {
            writeSets += 1
            if loseEveryNthWriteSet > 0, writeSets % loseEveryNthWriteSet == 0 {
                lostAnswers += 1
                return .processorFailure(hresult: "0x80040402", message: "Unexpected error")
            }
        }
        switch answer {
        case .response(let text): return .answer(text)
        case .failure(let hresult, let message):
            refusals.append("\(hresult) \(message)")
            return .processorFailure(hresult: hresult, message: message)
        }
    }

    /// A query's `…Ret`s, asked of the company directly (the test's view of the books).
    func query(_ name: String, _ children: [XMLTreeElement] = []) throws -> [XMLTreeElement] {
        let root = XMLTreeElement(
            "QBXML",
            children: [
                XMLTreeElement(
                    "QBXMLMsgsRq", attributes: [.init("onError", "continueOnError")],
                    children: [XMLTreeElement(name + "Rq", attributes: [.init("requestID", "t")], children: children)])
            ])
        let text = XMLTreeWriter.write(XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"13.0\"")], root: root))
        guard case .response(let answer) = company.process(text) else { return [] }
        return try XMLTreeReader.read(answer).root.child("QBXMLMsgsRs")?.children.first?.children.filter { $0.name.hasSuffix("Ret") } ?? []
    }
}
