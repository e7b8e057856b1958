import Foundation
import Testing

@testable import QBSyncCore

/// The extract records what it takes on a second thread inside one ledger transaction: nothing
/// of it may land unless the extract finishes.
@Suite(.removesTemporaryFolders)
struct ExtractWorkerTests {
    static func ledger() throws -> Ledger {
        try Ledger(url: try TestWorkspace.make().appendingPathComponent("ledger.sqlite"))
    }

    static let run = RunRecord(id: "0001-x", seq: 1, pipeline: "default", createdAt: "2026-11-01T00:00:00Z", cursorFrom: 0, cursorTo: 42)

    @Test func whatTheJobsRecordCommitsOnlyAtFinishAndInOrder() throws {
        let ledger = try Self.ledger()
        let worker = ExtractWorker(name: "test", ledger: ledger)
        var order: [Int] = []
        let lock = NSLock()
        for index in 0..<20 {
            try worker.run(bounded: index.isMultiple(of: 2)) {
                lock.withLock { order.append(index) }
                try ledger.markTaken([OMSRef("sale", index)], run: Self.run.id, actor: "nightly", at: "2026-11-01T00:00:00Z")
            }
        }
        try worker.run { try ledger.recordRun(Self.run) }
        #expect(try ledger.cursor() == 0, "nothing is visible before the commit")
        try worker.finish()
        #expect(order == Array(0..<20))
        #expect(try ledger.cursor() == 42)
        #expect(try ledger.refs(in: [.pending]).count == 20)
    }

    @Test func aFailingJobRollsEverythingBackAndTheNextCallSaysWhy() throws {
        let ledger = try Self.ledger()
        let worker = ExtractWorker(name: "test", ledger: ledger)
        try worker.run { try ledger.markTaken([OMSRef("sale", 1)], run: Self.run.id, actor: "nightly", at: "now") }
        try worker.run { try ledger.recordRun(Self.run) }
        try worker.run { throw FileStoreError.cannotWrite("/nowhere", "disk full") }
        #expect(throws: FileStoreError.cannotWrite("/nowhere", "disk full")) { try worker.finish() }
        #expect(try ledger.cursor() == 0)
        #expect(try ledger.refs(in: [.pending]).isEmpty)
    }

    @Test func aCancelledWorkerLeavesTheLedgerAsItWas() throws {
        let ledger = try Self.ledger()
        let worker = ExtractWorker(name: "test", ledger: ledger)
        try worker.run { try ledger.markTaken([OMSRef("sale", 1)], run: Self.run.id, actor: "nightly", at: "now") }
        try worker.run { try ledger.recordRun(Self.run) }
        worker.cancel()
        #expect(throws: CancellationError.self) { try worker.run {} }
        #expect(try ledger.cursor() == 0)
        #expect(try ledger.refs(in: [.pending]).isEmpty)
    }
}
