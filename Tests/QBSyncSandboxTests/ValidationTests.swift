import Foundation
import QBSyncJSON
import Testing

struct ValidationTests {
    /// Sends one create through a batch and returns the item's fault code (nil when it worked).
    private func faultCode(_ client: SandboxClient, _ entity: String, _ body: JSONValue) async throws -> String? {
        var item: JSONValue = ["bId": "b1", "operation": "create"]
        item[entity] = body
        let (_, byId) = try await client.batch([item])
        return byId["b1"]?["Fault"]?["Error"]?.arrayValue?.first?["code"]?.stringValue
    }

    @Test func aDuplicateDisplayNameIsRefusedWith6240WhateverItsCase() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        _ = try await client.create("Customer", Documents.customer("Patient K7QM-2XH4"))
        #expect(try await faultCode(client, "Customer", Documents.customer("patient k7qm-2xh4")) == "6240")
        let answer = try await client.api("POST", "customer", json: Documents.customer("PATIENT K7QM-2XH4"))
        #expect(answer.status == 400)
        #expect(answer.faultCode == "6240")
    }

    @Test func namesWithAColonOrTooLongAreRefused() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        #expect(try await faultCode(client, "Customer", Documents.customer("Smith: Jane")) == "6000")
        #expect(try await faultCode(client, "Customer", ["GivenName": .string(String(repeating: "g", count: 101))]) == "2050")
        #expect(try await faultCode(client, "Customer", [:]) == "2020")
        let built = try await client.create("Customer", ["GivenName": "Jane", "FamilyName": "Roe"])
        #expect(built["DisplayName"] == "Jane Roe")
    }

    @Test func anUnknownFieldIsRefusedWith2010() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        #expect(try await faultCode(client, "Customer", ["DisplayName": "P", "Nickname": "x"]) == "2010")
        let line: JSONValue = ["DetailType": "SalesItemLineDetail", "Amount": 10, "SalesItemLineDetail": ["ItemRef": ["value": "1"], "Amount": 10]]
        let customer = try await client.create("Customer", Documents.customer("P"))
        #expect(try await faultCode(client, "Invoice", Documents.invoice(customer: customer["Id"]!.stringValue!, lines: [line])) == "2010")
    }

    @Test func aMissingReferenceIs2500AndAnInactiveOneIs610() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let customer = try await client.create("Customer", Documents.customer("Patient A"))
        let id = customer["Id"]!.stringValue!
        #expect(try await faultCode(client, "Invoice", Documents.invoice(customer: "999", lines: [Documents.line(amount: "5")])) == "2500")
        #expect(try await faultCode(client, "Invoice", Documents.invoice(customer: id, lines: [Documents.line(item: "77", amount: "5")])) == "2500")

        let inactive = try await client.api("POST", "customer", json: ["Id": .string(id), "SyncToken": "0", "sparse": true, "Active": false])
        #expect(inactive.json["Customer"]?["Active"] == false)
        #expect(try await faultCode(client, "Invoice", Documents.invoice(customer: id, lines: [Documents.line(amount: "5")])) == "610")
        let deleting = try await client.api("POST", "customer?operation=delete", json: ["Id": .string(id), "SyncToken": "1"])
        #expect(deleting.faultCode == "500")
    }

    @Test func aStaleSyncTokenIsRefusedWith5010AndAnUnknownIdWith610() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let customer = try await client.create("Customer", Documents.customer("Patient S"))
        let id = customer["Id"]!.stringValue!
        let first = try await client.api("POST", "customer", json: ["Id": .string(id), "SyncToken": "0", "sparse": true, "Notes": "one"])
        #expect(first.json["Customer"]?["SyncToken"] == "1")
        let stale = try await client.api("POST", "customer", json: ["Id": .string(id), "SyncToken": "0", "sparse": true, "Notes": "two"])
        #expect(stale.status == 400)
        #expect(stale.faultCode == "5010")
        let unknown = try await client.api("POST", "customer", json: ["Id": "404", "SyncToken": "0", "sparse": true, "Notes": "x"])
        #expect(unknown.faultCode == "610")
    }

    @Test(arguments: [
        ("2", "75.00", "150.00", nil),
        ("3", "33.333", "100.00", nil),
        ("3", "33.335", "100.01", nil),
        ("2", "75.00", "150.01", "6070"),
        ("1.5", "10", "15.01", "6070"),
    ] as [(String, String, String, String?)])
    func anAmountMustBeQuantityTimesUnitPriceToTheCent(qty: String, price: String, amount: String, code: String?) async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let customer = try await client.create("Customer", Documents.customer("Patient Q"))
        let invoice = Documents.invoice(customer: customer["Id"]!.stringValue!, lines: [Documents.line(amount: amount, qty: qty, price: price)])
        #expect(try await faultCode(client, "Invoice", invoice) == code)
    }

    @Test func amountsWithMoreThanTwoDecimalsAreRefused() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let customer = try await client.create("Customer", Documents.customer("Patient D"))
        let invoice = Documents.invoice(customer: customer["Id"]!.stringValue!, lines: [Documents.line(amount: "10.005")])
        #expect(try await faultCode(client, "Invoice", invoice) == "6000")
    }

    @Test func aDocNumberOver21CharactersIs2050AndADuplicateIs6140() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let id = try await client.create("Customer", Documents.customer("Patient N"))["Id"]!.stringValue!
        let long = Documents.invoice(customer: id, docNumber: String(repeating: "9", count: 22), lines: [Documents.line(amount: "5")])
        let answer = try await client.api("POST", "invoice", json: long)
        #expect(answer.faultCode == "2050")
        #expect(answer.json["Fault"]?["Error"]?.arrayValue?.first?["Detail"]?.stringValue?.contains("Max allowed length is 21") == true)
        _ = try await client.create("Invoice", Documents.invoice(customer: id, docNumber: "1042", lines: [Documents.line(amount: "5")]))
        let again = Documents.invoice(customer: id, docNumber: "1042", lines: [Documents.line(amount: "7")])
        #expect(try await faultCode(client, "Invoice", again) == "6140")
        // Another document type has its own numbers.
        #expect(try await faultCode(client, "CreditMemo", again) == nil)
    }

    @Test func anInvoiceNeedsACustomerAndAnItemLine() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let id = try await client.create("Customer", Documents.customer("Patient L"))["Id"]!.stringValue!
        #expect(try await faultCode(client, "Invoice", ["Line": [Documents.line(amount: "5")]]) == "2020")
        let noteOnly: JSONValue = ["DetailType": "DescriptionOnly", "Description": "note"]
        #expect(try await faultCode(client, "Invoice", Documents.invoice(customer: id, lines: [noteOnly])) == "2020")
        #expect(try await faultCode(client, "RefundReceipt", Documents.invoice(customer: id, lines: [Documents.line(amount: "5")])) == "2020")
    }

    @Test func transactionsInAClosedPeriodAreRefusedWith6210() async throws {
        let client = try await SandboxClient.connected { $0.bookCloseDate = "2024-12-31" }
        defer { client.stop() }
        let id = try await client.create("Customer", Documents.customer("Patient C"))["Id"]!.stringValue!
        var invoice = Documents.invoice(customer: id, lines: [Documents.line(amount: "5")])
        invoice["TxnDate"] = "2024-12-31"
        #expect(try await faultCode(client, "Invoice", invoice) == "6210")
        invoice["TxnDate"] = "2025-01-01"
        #expect(try await faultCode(client, "Invoice", invoice) == nil)
        let preferences = try await client.api("GET", "preferences")
        #expect(preferences.json["Preferences"]?["AccountingInfoPrefs"]?["BookCloseDate"] == "2024-12-31")
    }

    @Test func inventoryItemsNeedTheirAccountsAndNamesAreUnique() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let income = client.accountId("Sales of Product Income")
        var item: JSONValue = ["Name": "Hearing Aid X", "Type": "Inventory", "IncomeAccountRef": Documents.ref(income)]
        #expect(try await faultCode(client, "Item", item) == "2020")
        item["AssetAccountRef"] = Documents.ref(client.accountId("Inventory Asset"))
        item["ExpenseAccountRef"] = Documents.ref(client.accountId("Cost of Goods Sold"))
        item["InvStartDate"] = "2025-01-01"
        item["QtyOnHand"] = 10
        let created = try await client.create("Item", item)
        #expect(created["TrackQtyOnHand"] == true)
        #expect(try await faultCode(client, "Item", ["Name": "hearing aid x", "Type": "Service", "IncomeAccountRef": Documents.ref(income)]) == "6240")
        #expect(try await faultCode(client, "Item", ["Name": "Battery", "Type": "NonInventory"]) == "2020")
    }
}
