import Foundation
import QBSyncSandbox
import QBSyncXML
import Testing

/// What a clinic's bookkeeper does in QuickBooks Desktop's own windows, for tests: customers,
/// invoices and payments entered by hand (no qbsync memo), and a void. Each goes straight into
/// the sandbox's company as one request set, as QuickBooks saves a form.
struct DesktopScreens {
    let company: DesktopCompany

    /// The income account and service item the bookkeeper's invoices use (made once).
    func prepare() throws {
        _ = try send("AccountAdd", [.leaf("Name", "Hand Sales"), .leaf("AccountType", "Income")])
        _ = try send(
            "ItemServiceAdd",
            [
                .leaf("Name", "Hand entry"),
                XMLTreeElement("SalesOrPurchase", children: [XMLTreeElement("AccountRef", children: [.leaf("FullName", "Hand Sales")])]),
            ])
    }

    /// A customer of `name`; its ListID.
    func enterCustomer(_ name: String, active: Bool = true) throws -> String {
        let ret = try send("CustomerAdd", [.leaf("Name", name), .leaf("IsActive", active ? "true" : "false")])
        return try #require(ret.text(of: "ListID"))
    }

    /// An invoice of one line; its TxnID.
    func enterInvoice(customerID: String, number: String?, cents: Int, date: String, memo: String? = nil) throws -> String {
        var children: [XMLTreeElement] = [XMLTreeElement("CustomerRef", children: [.leaf("ListID", customerID)]), .leaf("TxnDate", date)]
        if let number { children.append(.leaf("RefNumber", number)) }
        if let memo { children.append(.leaf("Memo", memo)) }
        children.append(
            XMLTreeElement(
                "InvoiceLineAdd",
                children: [XMLTreeElement("ItemRef", children: [.leaf("FullName", "Hand entry")]), .leaf("Amount", Self.amount(cents))]))
        return try #require(try send("InvoiceAdd", children).text(of: "TxnID"))
    }

    /// A payment received and left unapplied (a bank feed's copy); its TxnID.
    func enterPayment(customerID: String, cents: Int, date: String) throws -> String {
        let ret = try send(
            "ReceivePaymentAdd",
            [
                XMLTreeElement("CustomerRef", children: [.leaf("ListID", customerID)]), .leaf("TxnDate", date),
                .leaf("TotalAmount", Self.amount(cents)),
                XMLTreeElement("DepositToAccountRef", children: [.leaf("FullName", "Undeposited Funds")]), .leaf("IsAutoApply", "false"),
            ])
        return try #require(ret.text(of: "TxnID"))
    }

    /// Voids an invoice.
    func void(invoice txnID: String) throws {
        let set = Self.document([
            XMLTreeElement("TxnVoidRq", attributes: [.init("requestID", "v")], children: [.leaf("TxnVoidType", "Invoice"), .leaf("TxnID", txnID)])
        ])
        guard case .response(let text) = company.process(set) else { throw ScreenRefused(reason: "the void's set was refused") }
        let rs = try #require(try XMLTreeReader.read(text).root.child("QBXMLMsgsRs")?.children.first)
        guard rs.attribute("statusCode") == "0" else { throw ScreenRefused(reason: rs.attribute("statusMessage") ?? "") }
    }

    /// One `<name>Rq` holding `<name>` with `children`; the `…Ret` QuickBooks answered.
    private func send(_ name: String, _ children: [XMLTreeElement]) throws -> XMLTreeElement {
        let set = Self.document([XMLTreeElement(name + "Rq", attributes: [.init("requestID", "s")], children: [XMLTreeElement(name, children: children)])])
        guard case .response(let text) = company.process(set) else { throw ScreenRefused(reason: "the set of \(name) was refused") }
        let rs = try #require(try XMLTreeReader.read(text).root.child("QBXMLMsgsRs")?.children.first)
        guard rs.attribute("statusCode") == "0", let ret = rs.children.first(where: { $0.name.hasSuffix("Ret") }) else {
            throw ScreenRefused(reason: "\(name): \(rs.attribute("statusCode") ?? "") \(rs.attribute("statusMessage") ?? "")")
        }
        return ret
    }

    static func document(_ requests: [XMLTreeElement]) -> String {
        let root = XMLTreeElement("QBXML", children: [XMLTreeElement("QBXMLMsgsRq", attributes: [.init("onError", "stopOnError")], children: requests)])
        return XMLTreeWriter.write(XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"13.0\"")], root: root))
    }

    static func amount(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, cents % 100) }
}

/// The sandbox's QuickBooks refused what a test's bookkeeper entered.
struct ScreenRefused: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
