import Foundation
import QBSyncJSON
import Testing

@testable import QBSyncSandbox

struct RoundTripTests {
    /// Clients read an object, change a field and send the whole thing back; everything the
    /// sandbox answers must therefore be accepted again as a full update.
    @Test(arguments: ["Customer", "Item", "Class", "PaymentMethod", "Account", "Invoice", "CreditMemo", "RefundReceipt", "Payment"])
    func anObjectReadBackCanBeSentBackAsAFullUpdate(entity: String) async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let customer = try await client.create("Customer", Documents.customer("Patient Echo"))["Id"]!.stringValue!
        let invoice = try await client.create("Invoice", Documents.invoice(customer: customer, lines: [Documents.line(amount: "10")]))
        let created: JSONValue
        switch entity {
        case "Customer": created = try await client.create("Customer", ["GivenName": "A", "FamilyName": "B", "PrimaryPhone": ["FreeFormNumber": "555-0100"]])
        case "Item": created = try await client.create("Item", ["Name": "Fitting", "Type": "Service", "IncomeAccountRef": Documents.ref(client.accountId("Services"))])
        case "Class": created = try await client.create("Class", ["Name": "Clinic North"])
        case "PaymentMethod": created = try await client.create("PaymentMethod", ["Name": "Insurance", "Type": "NON_CREDIT_CARD"])
        case "Account": created = try await client.create("Account", ["Name": "Hearing Aid Sales", "AccountType": "Income"])
        case "Invoice": created = invoice
        case "CreditMemo": created = try await client.create("CreditMemo", Documents.invoice(customer: customer, lines: [Documents.line(amount: "3")]))
        case "RefundReceipt":
            var refund = Documents.invoice(customer: customer, lines: [Documents.line(amount: "4")])
            refund["DepositToAccountRef"] = Documents.ref(client.accountId("Checking"))
            created = try await client.create("RefundReceipt", refund)
        default: created = try await client.create("Payment", Documents.payment(customer: customer, total: "10", links: [(invoice["Id"]!.stringValue!, "Invoice", "6")]))
        }
        let read = try await client.api("GET", "\(entity.lowercased())/\(created["Id"]!.stringValue!)").json[entity]
        #expect(read == created)
        var echo = try #require(read)
        echo["PrivateNote"] = ["Customer", "Item", "Class", "PaymentMethod", "Account"].contains(entity) ? nil : "echoed"
        let answer = try await client.api("POST", entity.lowercased(), json: echo)
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.json[entity]?["SyncToken"] == "1")
        #expect(answer.json[entity]?["TotalAmt"] == created["TotalAmt"])
    }
}

struct RateLimiterTests {
    @Test func theSecondAndConcurrencyLimitsHoldOnTheirOwn() {
        var now = 1000.0
        var limits = SandboxLimits()
        limits.requestsPerSecond = 2
        limits.maxConcurrentRequests = 3
        let limiter = RateLimiter(limits: limits) { now }
        #expect(limiter.admit(realm: "r", isBatch: false))
        #expect(limiter.admit(realm: "r", isBatch: false))
        #expect(!limiter.admit(realm: "r", isBatch: false))
        #expect(limiter.admit(realm: "other", isBatch: false))
        now += 1.01
        #expect(limiter.admit(realm: "r", isBatch: false))
        now += 1.01
        // Three in flight on "r" now (none finished): the fourth waits for one to finish.
        #expect(!limiter.admit(realm: "r", isBatch: false))
        limiter.finish(realm: "r")
        #expect(limiter.admit(realm: "r", isBatch: false))
    }
}

struct HTTPRequestTests {
    @Test func queryStringsArePercentDecodedWithPlusAsSpace() {
        let request = HTTPRequest(method: "GET", target: "/v3/company/1/query?query=select%20*%20from+Customer%20where%20A%20%3D%20'x%27'&minorversion=75&a=1&a=2")
        #expect(request.path == "/v3/company/1/query")
        #expect(request.query["query"] == "select * from Customer where A = 'x''")
        #expect(request.query["minorversion"] == "75")
        #expect(request.query["a"] == "1")
        #expect(HTTPRequest.percentDecode("%zz%41", plusIsSpace: false) == "%zzA")
    }
}
