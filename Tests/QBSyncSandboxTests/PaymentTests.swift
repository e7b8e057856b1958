import Foundation
import QBSyncJSON
import Testing

struct PaymentTests {
    /// A customer with one invoice of `amount`; returns their ids.
    private func invoiced(_ client: SandboxClient, _ name: String, amount: String) async throws -> (String, String) {
        let customer = try await client.create("Customer", Documents.customer(name))["Id"]!.stringValue!
        let invoice = try await client.create("Invoice", Documents.invoice(customer: customer, lines: [Documents.line(amount: amount)]))
        return (customer, invoice["Id"]!.stringValue!)
    }

    private func invoice(_ client: SandboxClient, _ id: String) async throws -> JSONValue {
        try await client.api("GET", "invoice/\(id)").json["Invoice"] ?? .null
    }

    @Test func aPaymentReducesTheInvoiceBalanceAndOverApplyingIsRefused() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient P", amount: "300.00")
        let payment = try await client.create("Payment", Documents.payment(customer: customer, total: "120.00", links: [(invoiceId, "Invoice", "100.00")]))
        #expect(payment["UnappliedAmt"] == .cents(2000))
        #expect(payment["DepositToAccountRef"]?["name"] == "Undeposited Funds")
        let paid = try await invoice(client, invoiceId)
        #expect(paid["Balance"] == .cents(20000))
        #expect(paid["SyncToken"] == "1")
        #expect(paid["LinkedTxn"] == [["TxnId": .string(payment["Id"]!.stringValue!), "TxnType": "Payment"]])
        #expect(client.server.objects("Customer").first?["Balance"] == .cents(18000))

        let over = try await client.api("POST", "payment", json: Documents.payment(customer: customer, total: "250", links: [(invoiceId, "Invoice", "200.01")]))
        #expect(over.faultCode == "6000")
        #expect(over.json["Fault"]?["Error"]?.arrayValue?.first?["Detail"]?.stringValue?.contains("open balance") == true)
        let tooMuch = try await client.api("POST", "payment", json: Documents.payment(customer: customer, total: "50", links: [(invoiceId, "Invoice", "60")]))
        #expect(tooMuch.faultCode == "6000")
        let other = try await client.create("Customer", Documents.customer("Someone Else"))["Id"]!.stringValue!
        let wrongCustomer = try await client.api("POST", "payment", json: Documents.payment(customer: other, total: "10", links: [(invoiceId, "Invoice", "10")]))
        #expect(wrongCustomer.faultCode == "6000")
        #expect(try await invoice(client, invoiceId)["Balance"] == .cents(20000))
    }

    @Test func aCreditMemoAppliedThroughAZeroPaymentReducesTheBalance() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient M", amount: "500.00")
        let memo = try await client.create("CreditMemo", Documents.invoice(customer: customer, lines: [Documents.line(amount: "80.00")]))
        #expect(memo["RemainingCredit"] == .cents(8000))
        #expect(client.server.objects("Customer").first?["Balance"] == .cents(42000))
        let memoId = memo["Id"]!.stringValue!
        let zero = Documents.payment(customer: customer, total: "0", links: [(invoiceId, "Invoice", "80.00"), (memoId, "CreditMemo", "80.00")])
        let payment = try await client.create("Payment", zero)
        #expect(payment["TotalAmt"] == .cents(0))
        #expect(payment["UnappliedAmt"] == .cents(0))
        #expect(try await invoice(client, invoiceId)["Balance"] == .cents(42000))
        let credit = try await client.api("GET", "creditmemo/\(memoId)").json["CreditMemo"]
        #expect(credit?["RemainingCredit"] == .cents(0))
        #expect(client.server.objects("Customer").first?["Balance"] == .cents(42000))

        // Deleting the payment gives both amounts back.
        let deleted = try await client.api("POST", "payment?operation=delete", json: ["Id": payment["Id"]!, "SyncToken": "0"])
        #expect(deleted.json["Payment"]?["status"] == "Deleted")
        #expect(try await invoice(client, invoiceId)["Balance"] == .cents(50000))
        #expect(try await client.api("GET", "creditmemo/\(memoId)").json["CreditMemo"]?["RemainingCredit"] == .cents(8000))
    }

    @Test func voidingAPaidInvoiceIsRefusedUntilThePaymentIsVoided() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient V", amount: "90.00")
        let payment = try await client.create("Payment", Documents.payment(customer: customer, total: "90", links: [(invoiceId, "Invoice", "90")]))
        let paid = try await invoice(client, invoiceId)
        let refused = try await client.api("POST", "invoice?operation=void", json: ["Id": .string(invoiceId), "SyncToken": paid["SyncToken"]!])
        #expect(refused.faultCode == "6000")

        let voidedPayment = try await client.api("POST", "payment?operation=void", json: ["Id": payment["Id"]!, "SyncToken": "0"])
        #expect(voidedPayment.json["Payment"]?["TotalAmt"] == .cents(0))
        let open = try await invoice(client, invoiceId)
        #expect(open["Balance"] == .cents(9000))
        let voided = try await client.api("POST", "invoice?operation=void", json: ["Id": .string(invoiceId), "SyncToken": open["SyncToken"]!])
        #expect(voided.status == 200)
        let kept = try await invoice(client, invoiceId)
        #expect(kept["TotalAmt"] == .cents(0))
        #expect(kept["Balance"] == .cents(0))
        #expect(kept["PrivateNote"]?.stringValue?.hasPrefix("Voided") == true)
        let linking = try await client.api("POST", "payment", json: Documents.payment(customer: customer, total: "5", links: [(invoiceId, "Invoice", "5")]))
        #expect(linking.faultCode == "620")
    }

    @Test func aSparseUpdateChangesOnlyTheFieldsSentAndAFullUpdateReplacesThem() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (_, invoiceId) = try await invoiced(client, "Patient U", amount: "40.00")
        let sparse = try await client.api("POST", "invoice", json: ["Id": .string(invoiceId), "SyncToken": "0", "sparse": true, "PrivateNote": "checked"])
        let updated = try #require(sparse.json["Invoice"])
        #expect(updated["PrivateNote"] == "checked")
        #expect(updated["TotalAmt"] == .cents(4000))
        #expect(updated["SyncToken"] == "1")

        var full = updated
        full["sparse"] = false
        full["PrivateNote"] = nil
        full["Line"] = [Documents.line(amount: "55.00")]
        let replaced = try #require(try await client.api("POST", "invoice", json: full).json["Invoice"])
        #expect(replaced["PrivateNote"] == nil)
        #expect(replaced["TotalAmt"] == .cents(5500))
        #expect(replaced["Balance"] == .cents(5500))
        #expect(replaced["SyncToken"] == "2")
    }

    @Test func updatingAPaymentsLinesRecomputesTheBalances() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient W", amount: "100.00")
        let payment = try await client.create("Payment", Documents.payment(customer: customer, total: "100", links: [(invoiceId, "Invoice", "30")]))
        var update = Documents.payment(customer: customer, total: "100", links: [(invoiceId, "Invoice", "100")])
        update["Id"] = payment["Id"]
        update["SyncToken"] = "0"
        let answer = try await client.api("POST", "payment", json: update)
        #expect(answer.json["Payment"]?["UnappliedAmt"] == .cents(0))
        #expect(try await invoice(client, invoiceId)["Balance"] == .cents(0))
        #expect(client.server.objects("Customer").first?["Balance"] == .cents(0))
    }
}
