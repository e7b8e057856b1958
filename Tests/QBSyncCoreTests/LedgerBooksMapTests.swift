import Foundation
import GRDB
import Testing
@testable import QBSyncCore

/// The ledger's map of QuickBooks objects is edition-neutral, and a ledger made before that
/// (`qbo_objects`, `qbo_lookups`) keeps everything it knew when a newer qbsync opens it.
@Suite(.removesTemporaryFolders)
struct LedgerBooksMapTests {
    @Test("a ledger of the old schema is migrated with its objects and lookups kept, as QuickBooks Online's")
    func oldLedgerMigrates() throws {
        let url = try TestWorkspace.make().appendingPathComponent("ledger.sqlite")
        // A ledger as the previous release left it: migrated up to v3, objects in qbo_objects.
        do {
            let queue = try DatabaseQueue(path: url.path)
            try Ledger.migrator.migrate(queue, upTo: "v3-load-lock")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO qbo_objects (key, ref, qbo_type, qbo_id, sync_token, doc_number, name, total_cents, active, fingerprint, run_id, updated_at)
                        VALUES ('invoice sale:1042 patient', 'sale:1042', 'Invoice', '146', '3', 'S-1042', NULL, 129900, 1, 'f00d', '0003-20261123T020000Z', '2026-11-23T02:04:00Z'),
                               ('customer patient:12', 'patient:12', 'Customer', '58', '0', NULL, 'K7QM-2XH4', NULL, 0, NULL, '0003-20261123T020000Z', '2026-11-23T02:03:00Z');
                        INSERT INTO qbo_lookups (qbo_type, name, qbo_id, updated_at) VALUES ('Account', 'Sales of Product Income', '79', '2026-11-23T02:02:00Z');
                        """)
            }
            try queue.close()
        }
        let ledger = try Ledger(url: url)
        let invoice = try #require(try ledger.booksObject("invoice sale:1042 patient"))
        #expect(invoice.type == "Invoice")
        #expect(invoice.remoteID == "146")
        #expect(invoice.versionToken == "3")
        #expect(invoice.edition == .online)
        #expect(invoice.docNumber == "S-1042")
        #expect(invoice.totalCents == 129_900)
        #expect(invoice.fingerprint == "f00d")
        #expect(invoice.runID == "0003-20261123T020000Z")
        let customer = try #require(try ledger.booksObjects(ref: "patient:12").first)
        #expect(customer.name == "K7QM-2XH4")
        #expect(customer.active == false)
        #expect(try ledger.lookup("Account", name: "Sales of Product Income") == "79")
        #expect(try ledger.refsInQuickBooks(among: ["sale:1042", "sale:1043"]) == ["sale:1042"])
        // Queries written against the old names still read the map.
        let count = try ledger.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects WHERE qbo_type = 'Invoice'") }
        #expect(count == 1)
    }

    @Test("each object keeps the edition that holds it, its remote id and its version token")
    func editionNeutralMap() throws {
        let ledger = try Ledger(url: try TestWorkspace.make().appendingPathComponent("ledger.sqlite"))
        try ledger.saveBooksObject(
            BooksObject(
                key: "customer patient:12", ref: "patient:12", type: "Customer", remoteID: "80000001-1446673838",
                versionToken: "1446673838", edition: .desktop, name: "K7QM-2XH4"))
        var object = try #require(try ledger.booksObject("customer patient:12"))
        #expect(object.edition == .desktop)
        #expect(object.remoteID == "80000001-1446673838")
        #expect(object.versionToken == "1446673838")
        object.versionToken = "1446673901"
        object.name = nil
        try ledger.saveBooksObject(object)
        let again = try #require(try ledger.booksObject("customer patient:12"))
        #expect(again.versionToken == "1446673901")
        #expect(again.name == "K7QM-2XH4")
        try ledger.saveLookup("Account", name: "Sales", id: "8000002A-1", edition: .desktop)
        #expect(try ledger.lookup("Account", name: "Sales", edition: .desktop) == "8000002A-1")
        #expect(try ledger.lookup("Account", name: "Sales", edition: .online) == nil)
    }

    @Test("names asked for together are the names asked for one at a time")
    func namesInOneRead() throws {
        let ledger = try Ledger(url: try TestWorkspace.make().appendingPathComponent("ledger.sqlite"))
        let given = try ledger.uniqueName(namespace: "customer", key: "customer payer:3", source: "Acme Hearing") { "Acme Hearing \($0)" }
        _ = try ledger.uniqueName(namespace: "item", key: "item item:9", source: "Dome") { "Dome \($0)" }
        _ = try ledger.uniqueName(namespace: "class", key: "class location:1", source: "Main") { "Main \($0)" }
        let keys = ["customer payer:3", "item item:9", "class location:1", "customer patient:404", "customer payer:3"]
        let together = try ledger.names(keys: keys)
        #expect(together.count == 2, "a class's name is not a customer's or an item's, and an unknown key has none")
        for key in keys {
            let alone = try ledger.name(key: key)
            #expect(together[key]?.name == alone?.name)
            #expect(together[key]?.source == alone?.source)
        }
        #expect(together["customer payer:3"]?.name == given)
        #expect(try ledger.names(keys: []).isEmpty)
    }
}
