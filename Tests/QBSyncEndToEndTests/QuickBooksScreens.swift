import Foundation
import Logging
import QBSyncCore
import QBSyncJSON

/// What a person does in QuickBooks's own screens, done through its API with the workspace's
/// login: create a customer, make an account inactive or active again. Tests use it to plant
/// the troubles an operator meets in the morning, and to fix them.
struct QuickBooksScreens {
    let api: LiveQuickBooks

    init(_ harness: PipelineHarness) throws {
        let settings = try PipelineSettings.load(path: harness.pipelineURL.path, environment: harness.environment)
        api = try LiveQuickBooks.api(settings: settings, logger: Logger(label: "qbo-screens"))
    }

    /// Creates a customer by display name (a name qbsync will want later, say).
    func createCustomer(named name: String) async throws {
        _ = try await post(operation: "create", entity: "Customer", ["DisplayName": .string(name)])
    }

    /// Creates an account (one a pipeline maps to, say).
    func createAccount(named name: String, type: String) async throws {
        _ = try await post(operation: "create", entity: "Account", ["Name": .string(name), "AccountType": .string(type)])
    }

    /// Enters an invoice by hand numbered `docNumber` (a number the OMS will use later, say), for
    /// a customer of its own, on the company's own "Services" item.
    func createInvoice(docNumber: String) async throws {
        let customer = try await post(operation: "create", entity: "Customer", ["DisplayName": .string("Counter sale \(docNumber)")])
        let item = try await one("select * from Item where Name = 'Services'")
        let line: JSONValue = [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(1000),
            "SalesItemLineDetail": ["ItemRef": ["value": item["Id"]!], "TaxCodeRef": ["value": "NON"]],
        ]
        _ = try await post(
            operation: "create", entity: "Invoice",
            ["CustomerRef": ["value": customer["Id"]!], "DocNumber": .string(docNumber), "Line": [line]])
    }

    /// Enters an invoice by hand the way a bookkeeper types a sale into QuickBooks: for the
    /// customer `customer` (created when QuickBooks has none of that name), dated `date`, one
    /// "Services" line of `cents`, numbered `number` when given. Returns the invoice's id.
    func enterInvoice(customer: String, number: String?, cents: Int, date: String) async throws -> String {
        let escaped = customer.replacingOccurrences(of: "'", with: "\\'")
        var customerObject = try await api.query("select * from Customer where DisplayName = '\(escaped)'").first
        if customerObject == nil {
            customerObject = try await post(operation: "create", entity: "Customer", ["DisplayName": .string(customer)])
        }
        let item = try await one("select * from Item where Name = 'Services'")
        let line: JSONValue = [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": ["ItemRef": ["value": item["Id"]!], "TaxCodeRef": ["value": "NON"]],
        ]
        var body: JSONValue = ["CustomerRef": ["value": customerObject!["Id"]!], "TxnDate": .string(date), "Line": [line]]
        if let number { body["DocNumber"] = .string(number) }
        return try await post(operation: "create", entity: "Invoice", body)["Id"]!.stringValue!
    }

    /// Records a payment the way a bank feed or a card terminal does, with no note: `cents` from
    /// the customer `customerID` on `date`, applied to nothing. Returns its id.
    func enterPayment(customerID: String, cents: Int, date: String) async throws -> String {
        let body: JSONValue = ["CustomerRef": ["value": .string(customerID)], "TotalAmt": .cents(cents), "TxnDate": .string(date)]
        return try await post(operation: "create", entity: "Payment", body)["Id"]!.stringValue!
    }

    /// Enters a copy of the invoice `id` numbered `docNumber`, private note and all: what a
    /// second copy of qbsync posting the same sale leaves. Returns the copy's id.
    func copyInvoice(id: String, docNumber: String) async throws -> String {
        let invoice = try await one("select * from Invoice where Id = '\(id)'")
        let lines = (invoice["Line"]?.arrayValue ?? []).filter { $0["DetailType"]?.stringValue == "SalesItemLineDetail" }.map { line in
            var line = line
            line["Id"] = nil
            line["LineNum"] = nil
            return line
        }
        let copy = try await post(
            operation: "create", entity: "Invoice",
            ["CustomerRef": invoice["CustomerRef"]!, "DocNumber": .string(docNumber), "TxnDate": invoice["TxnDate"]!,
             "Line": .array(lines), "PrivateNote": invoice["PrivateNote"]!])
        return copy["Id"]!.stringValue!
    }

    /// Renames the customer `name`.
    func renameCustomer(_ name: String, to newName: String) async throws {
        let customer = try await one("select * from Customer where DisplayName = '\(name)'")
        _ = try await post(
            operation: "update", entity: "Customer",
            ["Id": customer["Id"]!, "SyncToken": customer["SyncToken"]!, "sparse": true, "DisplayName": .string(newName)])
    }

    /// Makes the account `name` inactive or active again; returns its id.
    @discardableResult
    func setAccount(_ name: String, active: Bool) async throws -> String {
        let account = try await one("select * from Account where Name = '\(name)' and Active = \(!active)")
        _ = try await post(
            operation: "update", entity: "Account",
            ["Id": account["Id"]!, "SyncToken": account["SyncToken"]!, "sparse": true, "Active": .bool(active)])
        return account["Id"]!.stringValue!
    }

    /// Enters a credit memo by hand for the customer of `customerID`, dated `date`, one
    /// "Services" line of `cents`, numbered `number` when given. Returns its id.
    func enterCreditMemo(customerID: String, number: String?, cents: Int, date: String) async throws -> String {
        let item = try await one("select * from Item where Name = 'Services'")
        let line: JSONValue = [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": ["ItemRef": ["value": item["Id"]!], "TaxCodeRef": ["value": "NON"]],
        ]
        var body: JSONValue = ["CustomerRef": ["value": .string(customerID)], "TxnDate": .string(date), "Line": [line]]
        if let number { body["DocNumber"] = .string(number) }
        return try await post(operation: "create", entity: "CreditMemo", body)["Id"]!.stringValue!
    }

    /// Records a payment of `cents` applied to the invoice `invoiceID` (the bookkeeper's own
    /// record of money received). Returns its id.
    func enterPayment(customerID: String, cents: Int, date: String, invoiceID: String) async throws -> String {
        let line: JSONValue = ["Amount": .cents(cents), "LinkedTxn": [["TxnId": .string(invoiceID), "TxnType": "Invoice"]]]
        let body: JSONValue = [
            "CustomerRef": ["value": .string(customerID)], "TotalAmt": .cents(cents), "TxnDate": .string(date), "Line": [line],
        ]
        return try await post(operation: "create", entity: "Payment", body)["Id"]!.stringValue!
    }

    private func one(_ query: String) async throws -> JSONValue {
        guard let found = try await api.query(query).first else { throw ScreenError.notFound(query) }
        return found
    }

    private func post(operation: String, entity: String, _ body: JSONValue) async throws -> JSONValue {
        let request: JSONValue = ["BatchItemRequest": [["bId": "s1", "operation": .string(operation), entity: body]]]
        let exchange = try await api.batch(request, requestID: UUID().uuidString.replacingOccurrences(of: "-", with: ""))
        if let fault = exchange.itemFaults["s1"] { throw ScreenError.refused("\(fault)") }
        guard let object = exchange.items["s1"]?[entity] else { throw ScreenError.refused("no \(entity) in the answer") }
        return object
    }

    enum ScreenError: Error {
        case notFound(String)
        case refused(String)
    }
}
