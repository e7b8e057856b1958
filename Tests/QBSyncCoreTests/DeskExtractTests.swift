import Foundation
import Logging
import Testing

@testable import QBSyncCore

/// What the desk asks of the extract: a run of just some records (`retry --now`) that leaves
/// the change feed's cursor alone, and operators' decisions that hold against later changes.
@Suite(.removesTemporaryFolders)
struct DeskExtractTests {
    typealias Setup = ExtractSetup

    static func setup() throws -> Setup {
        try ExtractSetup.make(options: SampleOptions(patients: 20, days: 15, seed: 3))
    }

    @Test func aRunOfJustSomeRecordsTakesWhatTheyNeedAndLeavesTheCursor() throws {
        let setup = try Self.setup()
        let first = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000))
        let cursor = try setup.ledger.cursor()
        #expect(cursor == first.run.cursorTo)
        _ = try SampleGenerator.appendActivity(to: setup.omsURL, days: 3, seed: 9)
        #expect(try setup.oms.maxSeq() > cursor)

        let sale = try #require(try setup.records(first.run.id).first { $0.ref.entity == "sale" && $0.row != .null })
        let only = try setup.extractor().run(only: [sale.ref], now: Date(timeIntervalSince1970: 2_000))
        #expect(only.run.cursorFrom == cursor && only.run.cursorTo == cursor)
        #expect(try setup.ledger.cursor() == cursor, "the cursor did not move")
        let records = try setup.records(only.run.id)
        #expect(records.first { $0.ref == sale.ref }?.reason == .retry)
        let needed = Set(Dependencies.of(entity: "sale", row: sale.row))
        #expect(!needed.isEmpty)
        #expect(Set(records.map(\.ref)).subtracting([sale.ref]).isSubset(of: needed.union(records.filter { $0.reason == .context }.map(\.ref))))
        #expect(needed.isSubset(of: Set(records.map(\.ref))), "what the sale needs came along")

        // The next ordinary run still takes every change since the cursor.
        let next = try setup.extractor().run(now: Date(timeIntervalSince1970: 3_000))
        #expect(next.run.cursorFrom == cursor)
        #expect(next.run.cursorTo == (try setup.oms.maxSeq()))
    }

    @Test func excludedAndManualRecordsStayOutOfRunsAndHandEnteredOnesComeBackToTheList() throws {
        let setup = try Self.setup()
        let changes = try setup.oms.changes(after: 0, upTo: try setup.oms.maxSeq())
        let sales = changes.filter { $0.ref.entity == "sale" }.map(\.ref.description)
        #expect(sales.count >= 3)
        let (excluded, manual, done) = (sales[0], sales[1], sales[2])
        try setup.ledger.record(
            [excluded, manual, done].map { ItemOutcome(ref: $0, state: .failed, code: "6210", message: "closed") }, run: "0000-x",
            action: "reconciled", actor: "nightly")
        try setup.ledger.apply(.exclude, to: [excluded], note: "duplicate", actor: "ana")
        try setup.ledger.apply(.manual, to: [manual, done], note: nil, actor: "ana")
        try setup.ledger.apply(.manualDone, to: [done], note: "entered", actor: "ben")

        let result = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000))
        let synced = Set(try setup.records(result.run.id).filter { $0.reason.isSynced }.map(\.ref.description))
        #expect(synced.isDisjoint(with: [excluded, manual, done]), "held records are not posted")
        #expect(Set(result.held) == [excluded, manual, done])
        #expect(try setup.ledger.item(excluded)?.state == .excluded)
        #expect(try setup.ledger.item(manual)?.state == .manual)
        #expect(try setup.ledger.item(done)?.state == .manual, "changed after it was entered by hand: back on the list")
        #expect(try setup.ledger.history(of: done).last?.action == "changed-after-manual")
    }
}
