import Foundation
import QBSyncCore
import QBSyncJSON
import QBSyncSandbox
import QBSyncXML
import Testing

/// A small stand-in for the Desktop load, for tests of what the transform writes: hands a run's
/// `.qbxml` sets in plan order to the sandbox's `DesktopCompany`, resolving each placeholder
/// from the answers so far (ids, EditSequences), settling `@open-balance` and a payment's
/// applications from what the company reports open (as Online's load does), and finding the
/// payment credit an `@unapplied-payment` refund pays out. Records every answer that is not
/// statusCode 0.
final class DesktopSetFeeder {
    let company: DesktopCompany
    var ids: [String: String] = [:]
    var editSequences: [String: String] = [:]
    var links: [String: String] = [:]
    /// `file bId: statusCode statusMessage` of every request QuickBooks did not take.
    var refusals: [String] = []
    /// Requests sent and answered statusCode 0.
    var accepted = 0
    /// Keys of the documents the feeder could not send (no credit to pay a refund out of).
    var unsent: [String] = []

    init(company: DesktopCompany) { self.company = company }

    /// Adds the accounts the load's first step creates when the company lacks them.
    func createAccounts(_ accounts: [(name: String, type: String)]) throws {
        var requests: [XMLTreeElement] = []
        for (index, account) in accounts.enumerated() {
            requests.append(
                XMLTreeElement(
                    "AccountAddRq", attributes: [.init("requestID", "acct\(index)")],
                    children: [XMLTreeElement("AccountAdd", children: [.leaf("Name", account.name), .leaf("AccountType", account.type)])]))
        }
        for rs in try send(requests) where rs.attribute("statusCode") != "0" {
            refusals.append("account \(rs.attribute("requestID") ?? ""): \(rs.attribute("statusMessage") ?? "")")
        }
    }

    /// Feeds every set of the run in `transform` (its `2-transform/`) in plan order.
    func feed(transform: URL) throws {
        let plan = try FileStore.readJSON(transform.appendingPathComponent("plan.json"))
        for link in plan["links"]?.arrayValue ?? [] {
            if let key = link["key"]?.stringValue, let target = link["target"]?.stringValue { links[key] = target }
        }
        for batch in plan["batches"]?.arrayValue ?? [] {
            let file = batch["file"]!.stringValue!
            var keys: [String: String] = [:]
            for operation in batch["operations"]?.arrayValue ?? [] { keys[operation["bId"]!.stringValue!] = operation["key"]!.stringValue! }
            let data = try #require(FileManager.default.contents(atPath: transform.appendingPathComponent(file).path))
            let set = try QBXMLMessageSet.read(data, file: file)
            var requests: [XMLTreeElement] = []
            var keyOf: [String: String] = [:]
            for request in set.requests {
                let key = keys[request.bId] ?? ""
                guard let resolved = try resolve(request.element, key: key) else {
                    unsent.append(key)
                    continue
                }
                keyOf[resolved.attribute("requestID") ?? ""] = key
                requests.append(resolved)
            }
            for rs in try send(requests) {
                let requestID = rs.attribute("requestID") ?? ""
                guard rs.attribute("statusCode") == "0" else {
                    refusals.append("\(file) \(requestID): \(rs.attribute("statusCode") ?? "?") \(rs.attribute("statusMessage") ?? "")")
                    continue
                }
                accepted += 1
                guard let key = keyOf[requestID], let ret = rs.children.first else { continue }
                if let id = ret.text(of: "ListID") ?? ret.text(of: "TxnID") { ids[key] = id }
                if let sequence = ret.text(of: "EditSequence") { editSequences[key] = sequence }
            }
        }
    }

    /// The company's answer to a query request, its `…Ret`s.
    func query(_ name: String, _ children: [XMLTreeElement]) throws -> [XMLTreeElement] {
        let rs = try send([XMLTreeElement(name + "Rq", attributes: [.init("requestID", "q")], children: children)])
        return rs.first?.children ?? []
    }

    private func send(_ requests: [XMLTreeElement]) throws -> [XMLTreeElement] {
        guard !requests.isEmpty else { return [] }
        let root = XMLTreeElement(
            "QBXML", children: [XMLTreeElement("QBXMLMsgsRq", attributes: [.init("onError", "continueOnError")], children: requests)])
        let text = XMLTreeWriter.write(XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"13.0\"")], root: root))
        switch company.process(text) {
        case .failure(let hresult, let message):
            Issue.record("the company refused a whole set: \(hresult) \(message)")
            return []
        case .response(let answer):
            return try XMLTreeReader.read(answer).root.child("QBXMLMsgsRs")?.children ?? []
        }
    }

    private func id(_ key: String) -> String? { ids[key] ?? links[key].flatMap { ids[$0] } }

    private func cents(_ text: String?) -> Int { Money.cents(fromDecimalString: text ?? "0") ?? 0 }

    private func amount(_ cents: Int) -> String { Money.decimalString(cents: cents) }

    /// `request` with its placeholders filled; nil when it cannot be sent.
    private func resolve(_ request: XMLTreeElement, key: String) throws -> XMLTreeElement? {
        var unresolved: [String] = []
        var out = QBXMLPlaceholder.map(request) { placeholder in
            if placeholder.hasPrefix("editsequence ") { return editSequences[String(placeholder.dropFirst("editsequence ".count))] }
            if placeholder == "open-balance" || placeholder.hasPrefix("unapplied-payment ") { return nil }
            guard let value = id(placeholder) else {
                unresolved.append(placeholder)
                return nil
            }
            return value
        }
        if !unresolved.isEmpty { Issue.record("\(key): no id for \(unresolved)") }
        guard var body = out.children.first else { return out }
        switch body.name {
        case "ReceivePaymentAdd": body = try settle(body)
        case "ARRefundCreditCardAdd":
            guard let settled = try payOut(body) else { return nil }
            body = settled
        default: break
        }
        out.children[0] = body
        return out
    }

    private func openBalance(invoice txnID: String) throws -> Int {
        cents(try query("InvoiceQuery", [.leaf("TxnID", txnID)]).first?.text(of: "BalanceRemaining"))
    }

    /// A payment's applications kept to what each invoice still has open; a credit application's
    /// `@open-balance` settled as the smaller of what the invoice has open and the credit has left.
    private func settle(_ payment: XMLTreeElement) throws -> XMLTreeElement {
        var out = payment
        out.children = []
        var applied = 0
        for child in payment.children {
            guard child.name == "AppliedToTxnAdd", let invoice = child.text(of: "TxnID"), !invoice.isEmpty else {
                out.children.append(child)
                continue
            }
            let open = try openBalance(invoice: invoice)
            var application = child
            if let credit = child.child("SetCredit") {
                var wanted = cents(credit.text(of: "AppliedAmount"))
                if credit.text(of: "AppliedAmount") == "@open-balance" {
                    let left = try query("CreditMemoQuery", [.leaf("TxnID", credit.text(of: "CreditTxnID") ?? "")]).first?.text(of: "CreditRemaining")
                    wanted = min(open, cents(left))
                }
                wanted = min(wanted, open)
                guard wanted > 0 else { continue }
                application.children = application.children.map {
                    $0.name == "SetCredit" ? XMLTreeElement("SetCredit", children: [$0.child("CreditTxnID")!, .leaf("AppliedAmount", amount(wanted))]) : $0
                }
            } else {
                let kept = min(cents(child.text(of: "PaymentAmount")), open)
                guard kept > 0 else { continue }
                application.children = application.children.map { $0.name == "PaymentAmount" ? .leaf("PaymentAmount", amount(kept)) : $0 }
            }
            applied += 1
            out.children.append(application)
        }
        if applied == 0, !out.children.contains(where: { $0.name == "IsAutoApply" }) { out.children.append(.leaf("IsAutoApply", "false")) }
        return out
    }

    /// A refund of a payment credit names the customer's payment with enough left unapplied.
    private func payOut(_ refund: XMLTreeElement) throws -> XMLTreeElement? {
        guard let link = refund.child("RefundAppliedToTxnAdd"), link.text(of: "TxnID")?.hasPrefix("@unapplied-payment ") == true
        else { return refund }
        let customer = refund.text(at: ["CustomerRef", "ListID"]) ?? ""
        let wanted = cents(link.text(of: "RefundAmount"))
        let payments = try query("ReceivePaymentQuery", [XMLTreeElement("EntityFilter", children: [.leaf("ListID", customer)])])
        guard let payment = payments.first(where: { cents($0.text(of: "UnusedPayment")) >= wanted }), let txnID = payment.text(of: "TxnID") else { return nil }
        var out = refund
        out.children = refund.children.map {
            $0.name == "RefundAppliedToTxnAdd" ? XMLTreeElement("RefundAppliedToTxnAdd", children: [.leaf("TxnID", txnID), $0.child("RefundAmount")!]) : $0
        }
        return out
    }
}
