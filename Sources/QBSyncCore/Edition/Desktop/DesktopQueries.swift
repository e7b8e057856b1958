import Foundation
import QBSyncXML

/// The Desktop load's lookups as qbXML queries, all of one call in one query set delivered like
/// any set (queries change nothing, so they carry no `newMessageSetID`): lists by `FullName`
/// or `ListID`, transactions by `TxnID` or `RefNumber` (a number is not unique: the poster
/// confirms our memo marker on what comes back).
struct DesktopQueries {
    let edition: DesktopEdition

    /// The Desktop type a plan or review entity is queried as (`Payment` -> `ReceivePayment`).
    static func desktopType(_ entity: String) -> String {
        switch entity {
        case "Payment": "ReceivePayment"
        case "RefundReceipt": "ARRefundCreditCard"
        case "ItemService", "ItemNonInventory", "ItemOtherCharge": "Item"
        default: entity
        }
    }

    static func isTransaction(_ type: String) -> Bool {
        ["Invoice", "CreditMemo", "ReceivePayment", "ARRefundCreditCard"].contains(type)
    }

    func find(_ lookups: [Lookup]) async throws -> [String: [RemoteRecord]] {
        guard !lookups.isEmpty else { return [:] }
        let requests = lookups.enumerated().map { index, lookup in query(lookup, requestID: "q\(index)") }
        let answer = try await run(requests)
        var found: [String: [RemoteRecord]] = [:]
        for (index, lookup) in lookups.enumerated() {
            guard let response = answer.responses["q\(index)"] else {
                throw QuickBooksAPIFailure.uncertain("QuickBooks Desktop answered a lookup set without its query \(lookup.entity)")
            }
            let code = Int(response.attribute("statusCode") ?? "") ?? -1
            guard code == 0 || code == 1 else {
                throw QuickBooksAPIFailure.gaveUp(
                    "QuickBooks Desktop refused a lookup of a \(lookup.entity) (\(code) \(response.attribute("statusMessage") ?? "")): let the Web Connector update again")
            }
            found[lookup.foundKey, default: []] += DesktopAnswer.rets(response).compactMap(DesktopAnswer.record)
        }
        return found
    }

    /// One query request for `lookup`, in the schema's order.
    func query(_ lookup: Lookup, requestID: String) -> XMLTreeElement {
        let type = Self.desktopType(lookup.entity)
        var children: [XMLTreeElement] = []
        switch lookup.field {
        case "ListID", "TxnID", "RefNumber": children.append(.leaf(lookup.field, lookup.value))
        case "DocNumber": children.append(.leaf("RefNumber", lookup.value))
        case "Id": children.append(.leaf(Self.isTransaction(type) ? "TxnID" : "ListID", lookup.value))
        default: children.append(.leaf("FullName", lookup.value))
        }
        if Self.isTransaction(type) { children.append(.leaf("IncludeLineItems", "false")) }
        return XMLTreeElement("\(type)QueryRq", attributes: [.init("requestID", requestID)], children: children)
    }

    /// The company's preferences (closing date, class tracking); nil when QuickBooks has none to give.
    func preferences() async throws -> XMLTreeElement? {
        let answer = try await run([XMLTreeElement("PreferencesQueryRq", attributes: [.init("requestID", "q0")])])
        return answer.responses["q0"].flatMap { DesktopAnswer.rets($0).first }
    }

    /// Sends `requests` as one query set and reads the answer.
    func run(_ requests: [XMLTreeElement]) async throws -> DesktopAnswer {
        let text = DesktopEdition.document(requests, attributes: [.init("onError", "continueOnError")])
        switch try await edition.transport.exchange(text, setID: nil) {
        case .answer(let answer): return DesktopAnswer(bytes: Array(answer.utf8))
        case .processorFailure(let hresult, let message):
            // A lookup that did not come back changed nothing: the load stops and waits.
            if case .uncertain(let reason) = DesktopEdition.failure(hresult: hresult, message: message, setID: "lookup") {
                throw QuickBooksAPIFailure.gaveUp(reason)
            }
            throw DesktopEdition.failure(hresult: hresult, message: message, setID: "lookup")
        }
    }
}
