import Foundation
import QBSyncJSON
import QBSyncXML

/// QuickBooks Desktop's answer to one message set (`QBXML/QBXMLMsgsRs`), read request by
/// request: each `...Rs` is matched to its item by the `bId` its `requestID` starts with, never
/// by position, and its `statusCode` decided by `DesktopStatus`.
struct DesktopAnswer {
    /// The `...Rs` elements by `bId`; empty when the answer is not qbXML.
    let responses: [String: XMLTreeElement]
    /// Every `...Rs` in order (queries match by their own ids).
    let all: [XMLTreeElement]

    init(bytes: [UInt8]) {
        let root = try? XMLTreeReader.read(data: Data(bytes)).root
        all = root?.child("QBXMLMsgsRs")?.children ?? []
        var responses: [String: XMLTreeElement] = [:]
        for response in all {
            guard let requestID = response.attribute("requestID") else { continue }
            responses[QBXMLMessageSet.bId(ofRequestID: requestID)] = response
        }
        self.responses = responses
    }

    func outcomes(for items: [RequestItem]) -> [String: OperationOutcome] {
        var outcomes: [String: OperationOutcome] = [:]
        for item in items {
            guard let response = responses[item.tag] else {
                outcomes[item.tag] = .fault(RemoteFault(code: "no-answer", message: "QuickBooks Desktop answered without this request"))
                continue
            }
            outcomes[item.tag] = Self.outcome(response)
        }
        return outcomes
    }

    /// One request's outcome: committed (with the object as QuickBooks now holds it), not run
    /// (3231, or QuickBooks busy: sent again), or refused with QuickBooks's code and text.
    static func outcome(_ response: XMLTreeElement) -> OperationOutcome {
        let code = Int(response.attribute("statusCode") ?? "") ?? -1
        let message = response.attribute("statusMessage") ?? ""
        let status = DesktopStatus(statusCode: code, message: message)
        if status.committed {
            // TxnVoidRs and TxnDelRs carry the transaction's id directly, without a ...Ret.
            let ret = response.children.first { $0.name.hasSuffix("Ret") } ?? response
            return record(ret).map(OperationOutcome.applied)
                ?? .fault(RemoteFault(code: "no-id", message: "QuickBooks Desktop's answer has no ListID or TxnID"))
        }
        switch status {
        case .notProcessed: return .notApplied("\(message) (3231)")
        // QuickBooks could not do it now (a record in use, a lock, QuickBooks busy) and changed
        // nothing: it goes again in a set of its own, which the next update takes.
        case .retryNextUpdate: return .notApplied("\(message) (\(code))")
        case .staleEditSequence: return .stale("\(message) (3200)")
        case .nameInUse: return .nameInUse("\(message) (3100)")
        case .invalidReference: return .invalidReference("\(message) (3140)")
        default: break
        }
        // QuickBooks's words only: the decision is the code's, and the catalogue explains the code.
        return .fault(RemoteFault(code: String(code), message: message))
    }

    /// A `...Ret` in the ledger's words; nil without a `ListID` or `TxnID`.
    static func record(_ ret: XMLTreeElement) -> RemoteRecord? {
        guard let id = ret.text(of: "ListID") ?? ret.text(of: "TxnID") else { return nil }
        return RemoteRecord(
            id: id, versionToken: ret.text(of: "EditSequence"), documentNumber: ret.text(of: "RefNumber"),
            name: ret.text(of: "FullName") ?? ret.text(of: "Name"), totalCents: total(ret),
            active: ret.text(of: "IsActive") != "false", marker: ret.text(of: "Memo"))
    }

    /// A document's total: `TotalAmount` (credit memos, payments, refunds), or an invoice's
    /// `Subtotal` plus `SalesTaxTotal`.
    static func total(_ ret: XMLTreeElement) -> Int? {
        if let total = ret.text(of: "TotalAmount") { return Money.cents(fromDecimalString: total) }
        guard let subtotal = ret.text(of: "Subtotal").flatMap(Money.cents(fromDecimalString:)) else { return nil }
        return subtotal + (ret.text(of: "SalesTaxTotal").flatMap(Money.cents(fromDecimalString:)) ?? 0)
    }

    /// Every `...Ret` in a query's answer (status 1, nothing found, holds none).
    static func rets(_ response: XMLTreeElement) -> [XMLTreeElement] {
        response.children.filter { $0.name.hasSuffix("Ret") }
    }
}
