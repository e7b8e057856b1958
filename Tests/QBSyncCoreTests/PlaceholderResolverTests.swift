import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

/// Placeholders become QuickBooks ids: objects and version tokens from the ledger, accounts by
/// name through the edition's lookups, once (QuickBooks meters queries); a missing one says
/// what is missing and what to run.
@Suite(.removesTemporaryFolders)
struct PlaceholderResolverTests {
    static func ledger() throws -> Ledger {
        try Ledger(url: try TestWorkspace.make().appendingPathComponent("ledger.sqlite"))
    }

    @Test("ids and version tokens come from the ledger's map, in every position the edition names")
    func fromTheLedger() async throws {
        let ledger = try Self.ledger()
        try ledger.saveBooksObject(
            BooksObject(key: "customer patient:12", ref: "patient:12", type: "Customer", remoteID: "80000001-1446673838", versionToken: "1446673838"))
        var resolver = PlaceholderResolver(ledger: ledger, edition: MemoryBooks())
        let body: JSONValue = ["id": "@customer patient:12", "version": "@synctoken customer patient:12", "lines": [["customer": "@customer patient:12"]]]
        let resolved = try await resolver.resolve(body).get()
        #expect(resolved["id"]?.stringValue == "80000001-1446673838")
        #expect(resolved["version"]?.stringValue == "1446673838")
        #expect(resolved["lines"]?.arrayValue?.first?["customer"]?.stringValue == "80000001-1446673838")
    }

    @Test("an account is found by name once, then cached in the ledger for the next load")
    func accountsByName() async throws {
        let ledger = try Self.ledger()
        let books = MemoryBooks()
        _ = books.seed("Account", name: "Sales of Product Income", active: false)
        let id = books.seed("Account", name: "Sales of Product Income")
        var resolver = PlaceholderResolver(ledger: ledger, edition: books)
        let body: JSONValue = ["income": "@account Sales of Product Income", "again": "@account Sales of Product Income"]
        let resolved = try await resolver.resolve(body).get()
        #expect(resolved["income"]?.stringValue == id)
        #expect(resolved["again"]?.stringValue == id)
        #expect(books.finds == 1)
        #expect(try ledger.lookup("Account", name: "Sales of Product Income", edition: .desktop) == id)
        // Another load (a new resolver) asks the ledger, not QuickBooks.
        var next = PlaceholderResolver(ledger: ledger, edition: books)
        #expect(try await next.resolve(body).get()["income"]?.stringValue == id)
        #expect(books.finds == 1)
    }

    @Test("a reference not in QuickBooks fails with the key, and its message says what to look at")
    func unresolved() async throws {
        let ledger = try Self.ledger()
        var resolver = PlaceholderResolver(ledger: ledger, edition: MemoryBooks())
        let outcome = try await resolver.resolve(["customer": "@customer patient:12"])
        guard case .failure(let missing) = outcome else {
            Issue.record("resolved without the customer")
            return
        }
        #expect(missing.key == "customer patient:12")
        #expect(missing.message(for: "sale:1042").contains("qbsync show patient:12"))
        let account = try await resolver.resolve(["income": "@account Hearing Aid Sales"])
        guard case .failure(let noAccount) = account else {
            Issue.record("resolved an account QuickBooks does not hold")
            return
        }
        #expect(noAccount.message(for: "sale:1042").contains("qbsync retry sale:1042"))
    }

    @Test("the Online edition writes placeholders only in id positions, so a memo starting with @ is left alone")
    func onlinePositions() async throws {
        let ledger = try Self.ledger()
        try ledger.saveBooksObject(BooksObject(key: "customer patient:12", ref: "patient:12", type: "Customer", remoteID: "58"))
        var resolver = PlaceholderResolver(ledger: ledger, edition: OnlineEdition(api: NoQuickBooks()))
        let body: JSONValue = ["CustomerRef": ["value": "@customer patient:12"], "PrivateNote": "@customer patient:12"]
        let resolved = try await resolver.resolve(body).get()
        #expect(resolved["CustomerRef"]?["value"]?.stringValue == "58")
        #expect(resolved["PrivateNote"]?.stringValue == "@customer patient:12")
    }
}

/// A QuickBooks Online that must not be asked.
struct NoQuickBooks: QuickBooksAPI {
    func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange {
        throw QuickBooksAPIFailure.gaveUp("not expected in this test")
    }

    func query(_ statement: String) async throws -> [JSONValue] {
        throw QuickBooksAPIFailure.gaveUp("not expected in this test")
    }
}
