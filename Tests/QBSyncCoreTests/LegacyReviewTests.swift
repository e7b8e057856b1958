import Foundation
import GRDB
import Testing

@testable import QBSyncCore

/// `qbsync legacy list` on a generated OMS: each old skipped transaction is retryable exactly
/// when its record still exists and is a kind qbsync posts; the rest go to support.
@Suite(.removesTemporaryFolders)
struct LegacyReviewTests {
    static func generated() throws -> (OMSDatabase, Ledger, URL) {
        let folder = try TestWorkspace.make()
        let url = folder.appendingPathComponent("oms.sqlite")
        _ = try SampleGenerator.write(to: url, options: SampleOptions(patients: 40, days: 30, seed: 5))
        return (try OMSDatabase(path: url.path), try Ledger(url: folder.appendingPathComponent("ledger.sqlite")), url)
    }

    /// The test's own oracle: whether the row's record exists, asked of the OMS directly.
    static func recordExists(_ url: URL, entity: String, id: Int?) throws -> Bool {
        let tables = [
            "patient": "patients", "payer": "payers", "item": "items", "sale": "sales", "payment": "payments",
            "return": "returns", "refund": "refunds", "write_off": "write_offs",
        ]
        guard let id, let table = tables[entity] else { return false }
        return try DatabaseQueue(path: url.path).read { db in
            try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM \(table) WHERE id = ?", arguments: [id]) ?? false
        }
    }

    @Test func danglingAndExistingRecordsAreClassifiedAsTheOMSHasThem() throws {
        let (oms, ledger, url) = try Self.generated()
        let review = try LegacyReview.build(oms: oms, ledger: ledger)
        let rows = try DatabaseQueue(path: url.path).read { db in try Row.fetchAll(db, sql: "SELECT * FROM legacy_skipped ORDER BY id") }
        #expect(review.entries.count == rows.count)
        #expect(!rows.isEmpty)
        for (entry, row) in zip(review.entries, rows) {
            let exists = try Self.recordExists(url, entity: row["entity"], id: row["entity_id"])
            #expect(entry.row.id == row["id"])
            #expect(entry.classification == (exists ? .retryable : .support), "legacy:\(entry.row.id) \(entry.why)")
            #expect(entry.status == .open)
            #expect(entry.row.message == row["message"], "the old message is kept")
        }
        let whys = review.entries.map(\.why)
        #expect(whys.contains { $0.contains("still exists in the OMS") }, "an existing record")
        #expect(whys.contains { $0.hasPrefix("the OMS no longer has") }, "a dangling id")
        #expect(whys.contains { $0.hasPrefix("the old integration recorded no") }, "a NULL id")
        #expect(whys.contains { $0 == "qbsync does not post deposit records" }, "a kind qbsync does not post")
    }

    @Test func theOldMessageIsPHIAndShownOnlyWhenAskedFor() throws {
        let (oms, ledger, _) = try Self.generated()
        let review = try LegacyReview.build(oms: oms, ledger: ledger)
        let named = try #require(review.entries.first { $0.row.message?.contains("Duplicate Name") == true })
        #expect(named.json(phi: false)["message"] == .string("<redacted>"))
        #expect(named.json(phi: true)["message"] == .string(named.row.message!))
    }

    @Test func rowsAreNamedByLegacyIDOrByTheRecordTheyPointAt() throws {
        let (oms, ledger, _) = try Self.generated()
        let review = try LegacyReview.build(oms: oms, ledger: ledger)
        let retryable = try #require(review.entries.first { $0.classification == .retryable })
        #expect(try review.entries(named: retryable.name).map(\.row.id) == [retryable.row.id])
        #expect(try review.entries(named: retryable.ref!.description).map(\.row.id).contains(retryable.row.id))
        #expect(throws: DeskError.noLegacyRow("sale:999999")) { try review.entries(named: "sale:999999") }
        #expect(throws: DeskError.noLegacyRow("legacy:999")) { try review.entries(named: "legacy:999") }
    }

    @Test func decisionsShowInTheList() throws {
        let (oms, ledger, _) = try Self.generated()
        let before = try LegacyReview.build(oms: oms, ledger: ledger)
        let retryable = try #require(before.entries.first { $0.classification == .retryable })
        let support = try #require(before.entries.first { $0.classification == .support })
        try ledger.retryLegacy([retryable.row.id], ref: retryable.ref!.description, actor: "ana")
        try ledger.escalateLegacy([support.row.id], ref: support.ref?.description, note: "ticket 12", actor: "ben")
        let after = try LegacyReview.build(oms: oms, ledger: ledger)
        let queued = try #require(after.entries.first { $0.row.id == retryable.row.id })
        #expect(queued.status == .queued)
        #expect(queued.ledgerState == .queued)
        let escalated = try #require(after.entries.first { $0.row.id == support.row.id })
        #expect(escalated.status == .escalated)
        #expect(escalated.decision?.actor == "ben")
        #expect(escalated.json(phi: false)["decision"]?["note"] == .string("ticket 12"))
    }
}
