import Foundation
import Synchronization
import Testing
@testable import QBSyncCore

/// A nightly and an operator's `qbsync status` may open a workspace's new ledger at the same
/// moment: both must open it, neither fail on the tables the other just made nor on the lock the
/// first takes to turn WAL mode on.
@Suite(.removesTemporaryFolders)
struct LedgerOpenRaceTests {
    @Test func ledgersOpenedAtOnceOnANewFileAllOpenMigrated() throws {
        let root = try TestWorkspace.make()
        for round in 0..<50 {
            let url = root.appendingPathComponent("clinic-\(round)/ledger.sqlite")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let ledger = try Ledger(url: url)
                    _ = try ledger.cursor()
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")
        }
    }
}
