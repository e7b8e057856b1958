import Foundation
import GRDB
import QBSyncCore
import Testing

/// An OMS file that is damaged, incomplete or locked is refused before a window is taken, in
/// words a person can act on, and nothing in it is lost: once the file is whole again the next
/// extract takes every change.
struct OMSInputErrorTests {
    /// SQLite's own words, which must not reach the person running qbsync.
    static let rawSQLite = ["SQLite error", "no such table", "database is locked", "while executing"]

    @Test func anOMSFileCutShortIsRefusedAndTheCursorStaysUntilItIsWholeAgain() async throws {
        let harness = try PipelineHarness(patients: 30, days: 20)
        let whole = try Data(contentsOf: harness.omsURL)
        // What a copy that stopped at 99% leaves: SQLite reads the missing part of the last
        // pages as zeros, and the rows there come back as seq 0 with NULL columns.
        try whole.prefix(whole.count * 99 / 100).write(to: harness.omsURL)

        let refused = await harness.qbsyncOutput("extract")
        #expect(refused.code == 2)
        #expect(refused.err.contains("the OMS database \(harness.omsURL.path) is damaged"), "\(refused.err)")
        #expect(refused.err.contains("the cursor has not moved"))
        #expect(refused.err.contains("then run 'qbsync extract --pipeline \(harness.pipelineURL.path)' again"))
        #expect(try harness.openLedger().cursor() == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.workspace.appendingPathComponent("runs").path), "no run was started")

        // Repaired, every change is taken and nothing is left waiting.
        try whole.write(to: harness.omsURL)
        #expect(await harness.qbsync("extract") == 0)
        let lastSeq = try harness.oms { db in try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log") ?? 0 }
        #expect(try harness.openLedger().cursor() == lastSeq)
        let status = await harness.qbsyncOutput("status", "--json")
        #expect(!status.out.contains("\"oldest_seq\""), "nothing waits in the OMS: \(status.out)")
    }

    @Test func anOMSWithoutAContractTableIsRefusedNamingTheTable() async throws {
        let harness = try PipelineHarness()
        try Self.execute("DROP TABLE payment_applications", in: harness.omsURL)

        let refused = await harness.qbsyncOutput("extract")
        #expect(refused.code == 2)
        #expect(refused.err.contains("has no payment_applications table"), "\(refused.err)")
        #expect(refused.err.contains("[oms] database"))
        for words in Self.rawSQLite { #expect(!refused.err.contains(words), "\(refused.err)") }
        #expect(try harness.openLedger().cursor() == 0)
    }

    /// Changes the OMS file as a person with sqlite3 would (outside any qbsync command).
    static func execute(_ sql: String, in url: URL) throws {
        try DatabaseQueue(path: url.path).write { db in try db.execute(sql: sql) }
    }

    @Test func aLockedOMSIsWaitedForThenReportedAsBlocked() async throws {
        let harness = try PipelineHarness(pipelineExtra: "busy_timeout = 2\n")
        let holder = try LockHolder(path: harness.omsURL.path)

        // Held past the busy timeout: blocked (3), after waiting for it.
        try holder.lock()
        let started = Date()
        let blocked = await harness.qbsyncOutput("extract")
        #expect(blocked.code == 3)
        #expect(Date().timeIntervalSince(started) >= 1.9, "waited for the lock before giving up")
        #expect(blocked.err.contains("stayed locked by another program for 2 s"), "\(blocked.err)")
        #expect(blocked.err.contains("then run 'qbsync extract --pipeline \(harness.pipelineURL.path)' again"))
        for words in Self.rawSQLite { #expect(!blocked.err.contains(words), "\(blocked.err)") }
        #expect(try harness.openLedger().cursor() == 0)
        try holder.unlock()

        // Released while the extract waits: it goes on.
        try holder.lock()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { try? holder.unlock() }
        let waited = await harness.qbsyncOutput("extract")
        #expect(waited.code == 0, "\(waited.err)")
        #expect(try harness.openLedger().cursor() > 0)
    }
}

/// Another program's connection to the OMS holding an exclusive lock (a backup, the OMS
/// committing a long write): no reader gets in until it lets go.
private final class LockHolder: @unchecked Sendable {
    let queue: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        // The transaction is opened in one access and ended in another, on purpose.
        configuration.allowsUnsafeTransactions = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    func lock() throws { try queue.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") } }
    func unlock() throws { try queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
}
