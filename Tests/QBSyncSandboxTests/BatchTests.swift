import Foundation
import QBSyncJSON
import Testing

struct BatchTests {
    @Test func aCustomerCreatedInOneBatchCanBeInvoicedInTheNextWithQuickBooksTotals() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let (first, customers) = try await client.batch([
            ["bId": "c1", "operation": "create", "Customer": Documents.customer("Patient K7QM")]
        ])
        #expect(first.status == 200)
        let customerId = try #require(customers["c1"]?["Customer"]?["Id"]?.stringValue)

        let (_, invoices) = try await client.batch([
            [
                "bId": "i1", "operation": "create",
                "Invoice": Documents.invoice(
                    customer: customerId, docNumber: "S-1042",
                    lines: [
                        Documents.line(amount: "1999.98", qty: "2", price: "999.99"),
                        Documents.line(amount: "25.50"),
                        ["DetailType": "DescriptionOnly", "Description": "Two-year warranty", "Amount": 99],
                    ]),
            ]
        ])
        let invoice = try #require(invoices["i1"]?["Invoice"])
        #expect(invoice["TotalAmt"] == .cents(202_548))
        #expect(invoice["Balance"] == .cents(202_548))
        #expect(invoice["SyncToken"] == "0")
        #expect(invoice["DocNumber"] == "S-1042")
        #expect(invoice["domain"] == "QBO")
        let lines = invoice["Line"]?.arrayValue ?? []
        #expect(lines.compactMap { $0["Id"]?.stringValue } == ["1", "2", "3"])
        #expect(lines.last?["DetailType"] == "SubTotalLineDetail")
        #expect(invoice["MetaData"]?["CreateTime"]?.stringValue?.isEmpty == false)

        let customer = client.server.objects("Customer").first { $0["Id"]?.stringValue == customerId }
        #expect(customer?["Balance"] == .cents(202_548))
    }

    @Test func itemsInOneBatchCannotSeeEachOthersCreations() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        // The customer will get id 1: the invoice names it before it exists for the batch.
        let (_, answers) = try await client.batch([
            ["bId": "c1", "operation": "create", "Customer": Documents.customer("Patient A")],
            ["bId": "i1", "operation": "create", "Invoice": Documents.invoice(customer: "1", lines: [Documents.line(amount: "10")])],
            ["bId": "q1", "Query": "select * from Customer"],
        ])
        #expect(answers["c1"]?["Customer"]?["Id"] == "1")
        #expect(answers["i1"]?["Fault"]?["Error"]?.arrayValue?.first?["code"] == "2500")
        #expect(answers["q1"]?["QueryResponse"] == [:])
        #expect(client.server.objects("Invoice").isEmpty)
    }

    @Test func answersAreNotInRequestOrder() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let items: [JSONValue] = (1...5).map { ["bId": .string("b\($0)"), "operation": "create", "Customer": Documents.customer("P\($0)")] }
        let (answer, byId) = try await client.batch(items)
        let order = answer.json["BatchItemResponse"]?.arrayValue?.compactMap { $0["bId"]?.stringValue } ?? []
        #expect(Set(order) == ["b1", "b2", "b3", "b4", "b5"])
        #expect(order != ["b1", "b2", "b3", "b4", "b5"])
        // Applied in request order all the same: ids follow the bIds.
        #expect(byId["b1"]?["Customer"]?["Id"] == "1")
        #expect(byId["b5"]?["Customer"]?["Id"] == "5")
    }

    @Test func moreThanThirtyItemsIsRefusedWholeWith1040() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let items: [JSONValue] = (1...31).map { ["bId": .string("b\($0)"), "operation": "create", "Customer": Documents.customer("P\($0)")] }
        let (answer, _) = try await client.batch(items)
        #expect(answer.status == 400)
        #expect(answer.faultCode == "1040")
        #expect(client.server.objects("Customer").isEmpty)
    }

    @Test func aRepeatedRequestIdReturnsTheFirstAnswerAndCreatesNothingNew() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let items: [JSONValue] = [["bId": "b1", "operation": "create", "Customer": Documents.customer("Patient R")]]
        let (first, _) = try await client.batch(items, requestID: "6f1d2c3b-0000-4000-8000-000000000001")
        let (again, _) = try await client.batch(items, requestID: "6f1d2c3b-0000-4000-8000-000000000001")
        #expect(again.status == 200)
        #expect(again.json == first.json)
        #expect(client.server.objects("Customer").count == 1)
        let (other, byId) = try await client.batch(items, requestID: "6f1d2c3b-0000-4000-8000-000000000002")
        #expect(other.status == 200)
        #expect(byId["b1"]?["Fault"]?["Error"]?.arrayValue?.first?["code"] == "6240")
    }

    @Test func aRequestIdOver36CharactersOrALongBIdIsRefused() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let items: [JSONValue] = [["bId": "b1", "operation": "create", "Customer": Documents.customer("P")]]
        #expect(try await client.batch(items, requestID: String(repeating: "a", count: 37)).0.faultCode == "2050")
        let long: [JSONValue] = [["bId": "customer-00001", "operation": "create", "Customer": Documents.customer("P")]]
        #expect(try await client.batch(long, requestID: "r-1").0.status == 400)
        #expect(try await client.batch(long).0.status == 200)
    }

    @Test func duplicateBIdsAndMalformedBodiesAreRefusedWhole() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let twice: [JSONValue] = [
            ["bId": "b1", "operation": "create", "Customer": Documents.customer("P1")],
            ["bId": "b1", "operation": "create", "Customer": Documents.customer("P2")],
        ]
        #expect(try await client.batch(twice).0.status == 400)
        let answer = try await client.send(
            "POST", client.apiURL("batch"),
            headers: ["Authorization": "Bearer \(client.accessToken)", "Accept": "application/json", "Content-Type": "application/json"],
            body: Data("{\"BatchItemRequest\": [".utf8))
        #expect(answer.status == 400)
        #expect(answer.faultCode == "2010")
    }
}
