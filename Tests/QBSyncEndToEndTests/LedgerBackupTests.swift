import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

/// The ledger survives the machine: every command that changes it leaves a copy in
/// `[ledger] backup_dir`, and a workspace lost after two runs is restored from the newest copy
/// without QuickBooks getting anything twice.
struct LedgerBackupTests {
    static func pipelineExtra(_ copies: URL, keep: Int = 14) -> String {
        """
        [ledger]
        backup_dir = "\(copies.path)"
        backups_kept = \(keep)
        """
    }

    @Test func aWorkspaceLostAfterTwoRunsIsRestoredFromItsCopyAndTheThirdRunPostsOnlyTheNewChanges() async throws {
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-offsite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copies) }
        let harness = try PipelineHarness(patients: 12, days: 20, seed: 11, pipelineExtra: Self.pipelineExtra(copies))
        #expect(await harness.qbsync("run") == 0)
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 5, seed: 21)
        #expect(await harness.qbsync("run") == 0)
        let ledgerURL = harness.workspace.appendingPathComponent("ledger.sqlite")
        let (cursor, synced) = try { () throws -> (Int, Set<String>) in
            let ledger = try Ledger(url: ledgerURL)
            return (try ledger.cursor(), Set(try ledger.items(in: .synced).map(\.ref)))
        }()
        let newest = try #require(LedgerBackups(directory: copies, keep: 14).latest())
        #expect(newest.reason == "run")

        // The disk is lost. On the new machine the office manager logs in again ('qbsync
        // connect', tested in ConnectTests; here the saved login is put back) and restores the
        // newest copy before the first run.
        let tokens = try Data(contentsOf: harness.workspace.appendingPathComponent("tokens.json"))
        try FileManager.default.removeItem(at: harness.workspace)
        let restore = await harness.qbsyncOutput("restore", newest.url.path)
        #expect(restore.code == 0, "\(restore.err)")
        #expect(restore.out.contains("last run 0002-"), "\(restore.out)")
        try tokens.write(to: harness.workspace.appendingPathComponent("tokens.json"))
        let status = await harness.qbsyncOutput("status")
        #expect(status.out.contains("ledger copies: last made"), "\(status.out)")

        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 5, seed: 22)
        let third = await harness.qbsyncOutput("run")
        #expect(third.code == 0, "\(third.err)")

        // The third run took only what changed after the copy's cursor, or what was never synced.
        let changed: Set<String> = try harness.oms { db in
            Set(try Row.fetchAll(db, sql: "SELECT DISTINCT entity, entity_id FROM change_log WHERE seq > ?", arguments: [cursor]).map {
                "\($0["entity"] as String):\($0["entity_id"] as Int)"
            })
        }
        let ledger = try Ledger(url: ledgerURL)
        let runs = try FileManager.default.contentsOfDirectory(atPath: harness.workspace.appendingPathComponent("runs").path)
        #expect(runs.count == 1 && runs[0].hasPrefix("0003-"), "\(runs)")
        let taken = try ledger.read { db in try String.fetchAll(db, sql: "SELECT ref FROM items WHERE run_id = ?", arguments: [runs[0]]) }
        #expect(!taken.isEmpty)
        let repeated = taken.filter { synced.contains($0) && !changed.contains($0) }
        #expect(repeated.isEmpty, "taken again though unchanged since the copy: \(repeated)")

        // QuickBooks holds every document once: each object there is the one the ledger maps.
        let books = BooksSnapshot(harness.sandbox)
        #expect(books.duplicateInvoices.isEmpty, "\(books.duplicateInvoices)")
        #expect(books.customerNamesUnique)
        for entity in ["Invoice", "Payment", "CreditMemo", "RefundReceipt", "Customer"] {
            let inSandbox = harness.sandbox.objects(entity).compactMap { $0["Id"]?.stringValue }
            let inLedger = try ledger.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT qbo_id FROM qbo_objects WHERE qbo_type = ?", arguments: [entity])
            }
            #expect(inSandbox.count == Set(inSandbox).count)
            #expect(Set(inSandbox).isSubset(of: Set(inLedger)), "\(entity): \(Set(inSandbox).subtracting(inLedger).count) not in the ledger")
        }
    }

    @Test func aCopyIsMadeAfterEveryCommandThatRecordsWhatQuickBooksHoldsAndOnlyTheNewestAreKept() async throws {
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-copies-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copies) }
        let harness = try PipelineHarness(pipelineExtra: Self.pipelineExtra(copies, keep: 3))
        let backups = LedgerBackups(directory: copies, keep: 3)
        // An extract and a transform are made again by running them again: no copy for them,
        // nor for reading.
        let extract = await harness.qbsyncOutput("extract")
        #expect(extract.code == 0)
        let run = extract.out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(await harness.qbsync("transform", "--run", run) == 0)
        _ = await harness.qbsync("status")
        _ = await harness.qbsync("review", "--run", run)
        #expect(backups.copies().isEmpty)
        // The load records what QuickBooks holds: a copy after it, and after reconcile.
        #expect(await harness.qbsync("load", "--run", run) == 0)
        #expect(backups.copies().map(\.reason) == ["load"])
        #expect(await harness.qbsync("reconcile", "--run", run) == 0)
        #expect(await harness.qbsync("backup") == 0)
        #expect(await harness.qbsync("backup") == 0)
        let kept = backups.copies()
        #expect(kept.map(\.reason) == ["reconcile", "manual", "manual"], "\(kept.map(\.url.lastPathComponent))")
        // Each copy is a whole ledger that only its owner can read.
        for copy in kept {
            let mode = try FileManager.default.attributesOfItem(atPath: copy.url.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let summary = try Ledger.summary(ofCopy: copy.url)
            #expect(summary.lastRun == run)
        }
        let folderMode = try FileManager.default.attributesOfItem(atPath: copies.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
    }

    @Test func restoreRefusesAFileThatIsNotALedgerAndAnOlderCopyOverNewerRuns() async throws {
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-copies-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copies) }
        let harness = try PipelineHarness(pipelineExtra: Self.pipelineExtra(copies))
        #expect(await harness.qbsync("run") == 0)
        let first = try #require(LedgerBackups(directory: copies, keep: 14).latest())
        _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 3, seed: 5)
        #expect(await harness.qbsync("run") == 0)

        let junk = harness.folder.appendingPathComponent("not-a-ledger.sqlite")
        try Data("hello".utf8).write(to: junk)
        let refusedJunk = await harness.qbsyncOutput("restore", junk.path)
        #expect(refusedJunk.code == 2)
        #expect(refusedJunk.err.contains("is not a qbsync ledger copy"), "\(refusedJunk.err)")
        let oms = await harness.qbsyncOutput("restore", harness.omsURL.path)
        #expect(oms.code == 2)
        #expect(oms.err.contains("it has no ledger tables"), "\(oms.err)")

        let older = await harness.qbsyncOutput("restore", first.url.path)
        #expect(older.code == 3)
        #expect(older.err.contains("restoring would forget what those runs posted"), "\(older.err)")
        let ledger = try Ledger(url: harness.workspace.appendingPathComponent("ledger.sqlite"))
        #expect(try ledger.summary().lastRun?.hasPrefix("0002-") == true)

        // With --force it goes back, keeping the ledger as it was beside the copies.
        let forced = await harness.qbsyncOutput("restore", first.url.path, "--force")
        #expect(forced.code == 0, "\(forced.err)")
        #expect(try ledger.summary().lastRun?.hasPrefix("0001-") == true)
        let previous = try #require(LedgerBackups(directory: copies, keep: 14).copies().first { $0.reason == "before-restore" })
        #expect(try Ledger.summary(ofCopy: previous.url).lastRun?.hasPrefix("0002-") == true)
    }

    @Test func aFreshWorkspaceRefusesToLoadIntoACompanyHoldingQBSyncDocumentsAndNamesTheWayOut() async throws {
        let harness = try PipelineHarness()
        #expect(await harness.qbsync("run") == 0)
        let before = BooksSnapshot(harness.sandbox)
        // The computer is replaced and nobody restores the ledger: the same OMS, a new workspace.
        // The office manager logs in again on it ('qbsync connect'; here the saved login is carried over).
        let lost = harness.folder.appendingPathComponent("lost-workspace")
        try FileManager.default.moveItem(at: harness.workspace, to: lost)
        try FileManager.default.createDirectory(at: harness.workspace, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: lost.appendingPathComponent("tokens.json"), to: harness.workspace.appendingPathComponent("tokens.json"))
        let again = await harness.qbsyncOutput("run")
        #expect(again.code == 3, "\(again.out)\n\(again.err)")
        #expect(again.err.contains("already holds documents qbsync posted"), "\(again.err)")
        #expect(again.err.contains("'qbsync restore FILE'"), "\(again.err)")
        let run = harness.latestRun.lastPathComponent
        #expect(again.err.contains("'qbsync load --run \(run) --company-is-new'"), "\(again.err)")
        #expect(BooksSnapshot(harness.sandbox) == before, "nothing was posted")
        // Asked again, it refuses again: the refusal is not a one-off.
        #expect(await harness.qbsync("load", "--run", run) == 3)
        #expect(BooksSnapshot(harness.sandbox) == before)
    }
}
