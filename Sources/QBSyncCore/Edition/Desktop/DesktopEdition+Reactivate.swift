import Foundation
import QBSyncXML

extension DesktopEdition {
    /// A patient's customer a person made inactive in QuickBooks, made active again: a
    /// `CustomerMod` of `IsActive` alone with the customer's current EditSequence, in a set of
    /// its own. Its `newMessageSetID` names the customer and the EditSequence it was read at, so
    /// the same repair sent again (a lost answer, a restart) is answered from QuickBooks's
    /// stored state instead of running twice. Nil for anything but a customer.
    public func reactivate(_ object: BooksObject, current: RemoteRecord, run: String, batch: String) async throws -> RemoteRecord? {
        guard object.type == "Customer", let sequence = current.versionToken else { return nil }
        let request = XMLTreeElement(
            "CustomerModRq", attributes: [.init("requestID", "r0 \(object.key)")],
            children: [XMLTreeElement("CustomerMod", children: [.leaf("ListID", current.id), .leaf("EditSequence", sequence), .leaf("IsActive", "true")])])
        let setID = Self.messageSetID(run: run, batch: "\(batch) reactivate \(object.key) \(sequence)", attempt: 1)
        let text = Self.document([request], attributes: [.init("onError", "stopOnError"), .init("newMessageSetID", setID)])
        if let workspace = leakCheckWorkspace {
            let findings = try leakChecks.check(run: run, workspace: workspace).scanMessageSet(Array(text.utf8), location: "message set \(setID)")
            if !findings.isEmpty { throw TransformError.leak(findings) }
        }
        switch try await transport.exchange(text, setID: setID) {
        case .answer(let answer):
            guard let response = DesktopAnswer(bytes: Array(answer.utf8)).all.first,
                case .applied(let record) = DesktopAnswer.outcome(response)
            else { return nil }
            return record
        case .processorFailure(let hresult, let message):
            throw Self.failure(hresult: hresult, message: message, setID: setID)
        }
    }
}
