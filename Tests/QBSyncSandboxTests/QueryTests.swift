import Foundation
import QBSyncJSON
import Testing

struct QueryTests {
    private func names(_ answer: Answer, _ entity: String = "Customer") -> [String] {
        (answer.json["QueryResponse"]?[entity]?.arrayValue ?? []).compactMap { $0["DisplayName"]?.stringValue }
    }

    private func seeded() async throws -> SandboxClient {
        let client = try await SandboxClient.connected()
        let people = ["Pat O'Brien", "Patricia Lee", "Sam Patel", "Ann Smith", "Bob Jones", "Patrick Ng"]
        let (_, _) = try await client.batch(people.enumerated().map { index, name in
            ["bId": .string("b\(index)"), "operation": "create", "Customer": ["DisplayName": .string(name), "Notes": .string(index % 2 == 0 ? "even" : "odd")]]
        })
        return client
    }

    @Test func whereWithEqualsInAndLikeFindsTheRightRows() async throws {
        let client = try await seeded()
        defer { client.stop() }
        #expect(names(try await client.query("select * from Customer where DisplayName = 'Pat O\\'Brien'")) == ["Pat O'Brien"])
        #expect(names(try await client.query("SELECT * FROM Customer WHERE DisplayName LIKE 'Pat%' ORDERBY DisplayName")) == ["Pat O'Brien", "Patricia Lee", "Patrick Ng"])
        #expect(names(try await client.query("select * from customer where DisplayName like '%pat%' and Id > '1' orderby Id desc")) == ["Patrick Ng", "Sam Patel", "Patricia Lee"])
        #expect(names(try await client.query("select * from Customer where Id in ('2', '4', '40')")) == ["Patricia Lee", "Ann Smith"])
        #expect(names(try await client.query("select * from Customer where DisplayName = 'ann smith'")) == ["Ann Smith"])
        #expect(try await client.query("select * from Customer where displayname = 'Ann Smith'").faultCode == "4001")
    }

    @Test func startPositionAndMaxResultsPage() async throws {
        let client = try await seeded()
        defer { client.stop() }
        let page = try await client.query("select * from Customer orderby Id startposition 2 maxresults 3")
        #expect(names(page) == ["Patricia Lee", "Sam Patel", "Ann Smith"])
        #expect(page.json["QueryResponse"]?["startPosition"] == 2)
        #expect(page.json["QueryResponse"]?["maxResults"] == 3)
        let count = try await client.query("select count(*) from Customer")
        #expect(count.json["QueryResponse"]?["totalCount"] == 6)
        let empty = try await client.query("select * from Customer where DisplayName = 'Nobody'")
        #expect(empty.json["QueryResponse"] == [:])
        #expect(empty.json["time"] != nil)
    }

    @Test func queriesCanBePostedAsTextAndInsideABatch() async throws {
        let client = try await seeded()
        defer { client.stop() }
        let posted = try await client.api("POST", "query", text: "select * from Customer where DisplayName = 'Bob Jones'")
        #expect(names(posted) == ["Bob Jones"])
        let (_, byId) = try await client.batch([["bId": "q", "Query": "select Id, DisplayName from Customer where DisplayName = 'Bob Jones'"]])
        let row = byId["q"]?["QueryResponse"]?["Customer"]?.arrayValue?.first
        #expect(row?["DisplayName"] == "Bob Jones")
        #expect(row?["Notes"] == nil)
        #expect(row?["sparse"] == true)
    }

    @Test func inactiveRecordsAreHiddenUnlessTheQueryAsksForThem() async throws {
        let client = try await seeded()
        defer { client.stop() }
        _ = try await client.api("POST", "customer", json: ["Id": "5", "SyncToken": "0", "sparse": true, "Active": false])
        #expect(names(try await client.query("select * from Customer where DisplayName = 'Bob Jones'")).isEmpty)
        #expect(names(try await client.query("select * from Customer where DisplayName = 'Bob Jones' and Active in (true, false)")) == ["Bob Jones"])
    }

    @Test func theSeededChartOfAccountsIsQueryableByName() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        for (name, type) in [
            ("Sales of Product Income", "Income"), ("Services", "Income"), ("Undeposited Funds", "Other Current Asset"),
            ("Checking", "Bank"), ("Accounts Receivable (A/R)", "Accounts Receivable"), ("Cost of Goods Sold", "Cost of Goods Sold"),
            ("Inventory Asset", "Other Current Asset"), ("Bad Debts", "Expense"),
        ] {
            let answer = try await client.query("select * from Account where Name = '\(name)'")
            #expect(answer.json["QueryResponse"]?["Account"]?.arrayValue?.first?["AccountType"]?.stringValue == type, "\(name)")
        }
    }

    @Test(arguments: [
        ("select * from Customer where DisplayName = 'a' or DisplayName = 'b'", "4000"),
        ("select * from Customer where DisplayName = 'unclosed", "4000"),
        ("select * from Widget", "4000"),
        ("select * from Customer where Nickname = 'x'", "4001"),
    ])
    func malformedQueriesAreRefused(query: String, code: String) async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let answer = try await client.query(query)
        #expect(answer.status == 400)
        #expect(answer.faultCode == code)
    }

    @Test func metaDataTimesCompareAsInstants() async throws {
        let client = try await seeded()
        defer { client.stop() }
        let later = try await client.query("select * from Customer where MetaData.LastUpdatedTime > '2000-01-01T00:00:00-08:00'")
        #expect(names(later).count == 6)
        let none = try await client.query("select count(*) from Customer where MetaData.CreateTime > '2999-01-01T00:00:00+05:00'")
        #expect(none.json["QueryResponse"]?["totalCount"] == 0)
    }
}
