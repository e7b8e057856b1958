import Foundation
import QBSyncJSON
import Testing

/// What QuickBooks refuses that qbsync must never send: an application larger than what an
/// invoice still has open (6000), whether a credit took part of it first, a payment is raised
/// later or two payments of one batch share it; and a payment for an inactive customer (610).
struct OverApplicationTests {
    private func invoiced(_ client: SandboxClient, _ name: String, amount: String) async throws -> (String, String) {
        let customer = try await client.create("Customer", Documents.customer(name))["Id"]!.stringValue!
        let invoice = try await client.create("Invoice", Documents.invoice(customer: customer, lines: [Documents.line(amount: amount)]))
        return (customer, invoice["Id"]!.stringValue!)
    }

    private func balance(_ client: SandboxClient, invoice id: String) async throws -> JSONValue? {
        try await client.api("GET", "invoice/\(id)").json["Invoice"]?["Balance"]
    }

    @Test func aPaymentRaisedAfterACreditWasAppliedMayNotApplyMoreThanIsOpen() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient R", amount: "50.00")
        let payment = try await client.create("Payment", Documents.payment(customer: customer, total: "40", links: [(invoiceId, "Invoice", "40")]))
        let memo = try await client.create("CreditMemo", Documents.invoice(customer: customer, lines: [Documents.line(amount: "10.00")]))
        _ = try await client.create(
            "Payment",
            Documents.payment(customer: customer, total: "0", links: [(invoiceId, "Invoice", "10"), (memo["Id"]!.stringValue!, "CreditMemo", "10")]))
        #expect(try await balance(client, invoice: invoiceId) == .cents(0))

        var raised = Documents.payment(customer: customer, total: "50", links: [(invoiceId, "Invoice", "50")])
        raised["Id"] = payment["Id"]
        raised["SyncToken"] = payment["SyncToken"]
        let refused = try await client.api("POST", "payment", json: raised)
        #expect(refused.faultCode == "6000")
        #expect(refused.json["Fault"]?["Error"]?.arrayValue?.first?["Detail"]?.stringValue?.contains("(40.00)") == true)
        #expect(try await client.api("GET", "payment/\(payment["Id"]!.stringValue!)").json["Payment"]?["TotalAmt"] == .cents(4000))

        // What fits: the whole 50 received, 40 applied, 10 a credit on the customer.
        raised["Line"] = Documents.payment(customer: customer, total: "50", links: [(invoiceId, "Invoice", "40")])["Line"]
        let kept = try #require(try await client.api("POST", "payment", json: raised).json["Payment"])
        #expect(kept["TotalAmt"] == .cents(5000))
        #expect(kept["UnappliedAmt"] == .cents(1000))
        #expect(client.server.objects("Customer").first { $0["Id"]?.stringValue == customer }?["Balance"] == .cents(-1000))
    }

    @Test func twoPaymentsOfOneBatchShareWhatIsOpenAndTheOneOverIsRefused() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient B", amount: "100.00")
        let (_, answers) = try await client.batch([
            ["bId": "p1", "operation": "create", "Payment": Documents.payment(customer: customer, total: "60", links: [(invoiceId, "Invoice", "60")])],
            ["bId": "p2", "operation": "create", "Payment": Documents.payment(customer: customer, total: "60", links: [(invoiceId, "Invoice", "60")])],
        ])
        #expect(answers["p1"]?["Payment"]?["TotalAmt"] == .cents(6000))
        #expect(answers["p2"]?["Fault"]?["Error"]?.arrayValue?.first?["code"] == "6000")
        #expect(try await balance(client, invoice: invoiceId) == .cents(4000))
    }

    @Test func aPaymentForAnInactiveCustomerIsRefusedWith610UntilTheCustomerIsActiveAgain() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (customer, invoiceId) = try await invoiced(client, "Patient I", amount: "80.00")
        let token = try #require(client.server.objects("Customer").first { $0["Id"]?.stringValue == customer }?["SyncToken"])
        let inactive = try #require(
            try await client.api("POST", "customer", json: ["Id": .string(customer), "SyncToken": token, "sparse": true, "Active": false])
                .json["Customer"])
        let payment = Documents.payment(customer: customer, total: "30", links: [(invoiceId, "Invoice", "30")])
        #expect(try await client.api("POST", "payment", json: payment).faultCode == "610")
        #expect(try await balance(client, invoice: invoiceId) == .cents(8000))

        let active = try await client.api(
            "POST", "customer", json: ["Id": .string(customer), "SyncToken": inactive["SyncToken"]!, "sparse": true, "Active": true])
        #expect(active.json["Customer"]?["Active"] == true)
        #expect(try await client.api("POST", "payment", json: payment).json["Payment"]?["TotalAmt"] == .cents(3000))
        #expect(try await balance(client, invoice: invoiceId) == .cents(5000))
    }
}
