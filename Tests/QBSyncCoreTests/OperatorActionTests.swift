import Foundation
import GRDB
import Testing

@testable import QBSyncCore

/// The desk's actions: which states each may be taken from, what it leaves, and that the ledger
/// records who did it and when, all or nothing.
@Suite(.removesTemporaryFolders)
struct OperatorActionTests {
    static func ledger() throws -> Ledger {
        try Ledger(url: try TestWorkspace.make().appendingPathComponent("ledger.sqlite"))
    }

    /// A ledger holding `sale:1` in each state: sale:1 failed, sale:2 synced, and so on.
    static func ledgerWithEveryState() throws -> Ledger {
        let ledger = try ledger()
        let states: [ItemState] = [.failed, .synced, .pending, .queued, .excluded, .manual, .manualDone]
        try ledger.record(
            states.enumerated().map { ItemOutcome(ref: "sale:\($0.offset + 1)", state: $0.element, code: "6210", message: "why") },
            run: "0001-20260101T000000Z", action: "reconciled", actor: "nightly")
        return ledger
    }

    static func ref(_ state: ItemState) -> String {
        let states: [ItemState] = [.failed, .synced, .pending, .queued, .excluded, .manual, .manualDone]
        return "sale:\(states.firstIndex(of: state)! + 1)"
    }

    /// Which states each action accepts; every other state is refused with a reason.
    static let allowed: [OperatorAction: Set<ItemState>] = [
        .retry: [.failed, .excluded, .manual],
        .retryNow: [.failed, .excluded, .manual, .queued],
        .legacyRetry: [.failed, .excluded, .manual, .queued],
        .exclude: [.failed, .queued, .manual],
        .manual: [.failed, .queued, .excluded],
        .manualDone: [.manual],
    ]

    @Test(arguments: OperatorAction.allCases)
    func eachActionTakesOnlyTheStatesItMakesSenseFor(_ action: OperatorAction) throws {
        for state in ItemState.allCases {
            let ledger = try Self.ledgerWithEveryState()
            let ref = Self.ref(state)
            if Self.allowed[action]!.contains(state) {
                let items = try ledger.apply(action, to: [ref], note: "a note", actor: "ana")
                #expect(items.map(\.state) == [action.targetState])
                #expect(try ledger.item(ref)?.state == action.targetState)
            } else {
                #expect(throws: DeskError.self, "\(action) from \(state)") {
                    try ledger.apply(action, to: [ref], note: nil, actor: "ana")
                }
                #expect(try ledger.item(ref)?.state == state, "\(action) changed \(state)")
            }
        }
    }

    @Test func refusalsSayWhatToDoInstead() {
        let synced = ItemRecord(ref: "sale:5", state: .synced, runID: "0002-x", code: nil, message: nil, updatedAt: "t")
        #expect(OperatorAction.retry.refusal("sale:5", synced)?.contains("is synced (run 0002-x): there is nothing to retry") == true)
        let failed = ItemRecord(ref: "sale:5", state: .failed, runID: "0002-x", code: "6210", message: "m", updatedAt: "t")
        #expect(OperatorAction.manualDone.refusal("sale:5", failed)?.contains("'qbsync manual sale:5' puts it there first") == true)
        let pending = ItemRecord(ref: "sale:5", state: .pending, runID: "0002-x", code: nil, message: nil, updatedAt: "t")
        #expect(OperatorAction.exclude.refusal("sale:5", pending)?.contains("'qbsync run --run 0002-x' finishes it") == true)
        #expect(OperatorAction.retry.refusal("sale:5", nil)?.contains("not in the ledger") == true)
        #expect(OperatorAction.legacyRetry.refusal("sale:5", nil) == nil, "an old skipped transaction may be new to the ledger")
    }

    @Test func oneWrongItemRefusesTheWholeActionAndChangesNothing() throws {
        let ledger = try Self.ledgerWithEveryState()
        let failed = Self.ref(.failed)
        let synced = Self.ref(.synced)
        do {
            try ledger.apply(.exclude, to: [failed, synced], note: "duplicate", actor: "ana")
            Issue.record("excluding a synced item was accepted")
        } catch let error as DeskError {
            #expect(error.errorDescription?.contains("\(synced) is already in QuickBooks") == true)
            #expect(error.errorDescription?.contains(failed) == false)
        }
        #expect(try ledger.item(failed)?.state == .failed)
        #expect(try ledger.history(of: failed).map(\.action) == ["reconciled"])
    }

    @Test func everyActionIsInTheHistoryWithWhoAndWhen() throws {
        let ledger = try Self.ledgerWithEveryState()
        let ref = Self.ref(.failed)
        try ledger.apply(.manual, to: [ref], note: nil, actor: "ana")
        #expect(try ledger.item(ref)?.message == "why", "the to-do list keeps why it failed")
        try ledger.apply(.manualDone, to: [ref], note: "entered as invoice 88", actor: "ben")
        let history = try ledger.history(of: ref)
        #expect(history.map(\.action) == ["reconciled", "manual", "manual-done"])
        #expect(history.map(\.actor) == ["nightly", "ana", "ben"])
        #expect(history.last?.message == "entered as invoice 88")
        #expect(history.last?.state == "manual_done")
        #expect(history.allSatisfy { ISO8601DateFormatter().date(from: $0.at) != nil })
        #expect(try ledger.lastHistory(of: [ref])[ref]?.actor == "ben")
    }

    @Test func aRecordEnteredByHandThatChangesAgainGoesBackOnTheList() throws {
        let ledger = try Self.ledgerWithEveryState()
        let ref = Self.ref(.manualDone)
        try ledger.reopenManualEntries([ref, Self.ref(.synced)], run: "0002-x", actor: "nightly")
        #expect(try ledger.item(ref)?.state == .manual)
        #expect(try ledger.item(ref)?.message?.contains("'qbsync manual-done \(ref)'") == true)
        #expect(try ledger.item(Self.ref(.synced))?.state == .synced, "only records entered by hand are reopened")
    }

    @Test func legacyDecisionsAreKeptWithTheirTrail() throws {
        let ledger = try Self.ledger()
        try ledger.retryLegacy([4, 9], ref: "sale:12", actor: "ana")
        try ledger.escalateLegacy([11], ref: nil, note: "ticket 4411", actor: "ben")
        let decisions = try ledger.legacyDecisions()
        #expect(decisions[4]?.state == .queued)
        #expect(decisions[9]?.ref == "sale:12")
        #expect(decisions[11]?.state == .escalated)
        #expect(decisions[11]?.note == "ticket 4411")
        #expect(try ledger.item("sale:12")?.state == .queued)
        #expect(try ledger.history(of: "sale:12").map(\.actor) == ["ana"])
        #expect(try ledger.legacyHistory(11).map(\.actor) == ["ben"])
        #expect(try ledger.legacyHistory(4).first?.action == "legacy-retry")
    }
}
