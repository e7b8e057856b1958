import Foundation
import GRDB
import Testing
@testable import QBSyncCore

/// The ledger maps pseudonyms back to patients: other users of the machine must not read it,
/// whatever the umask qbsync runs under (only the systemd example sets `UMask=0077`).
@Suite(.removesTemporaryFolders, .serialized)
struct WorkspaceModeTests {
    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Runs `body` under `mask`, as a user's shell would have it.
    private func underUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        let old = umask(mask)
        defer { umask(old) }
        return try body()
    }

    @Test func aNewWorkspaceIsOwnerOnlyWithItsLedgerJournalAndRunsUnderUmask022() throws {
        let workspace = try TestWorkspace.make().appendingPathComponent("var/clinic")
        let ledgerURL = workspace.appendingPathComponent("ledger.sqlite")
        let ledger = try underUmask(0o022) { () throws -> Ledger in
            let ledger = try Ledger(url: ledgerURL)
            try ledger.write { db in try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('probe', '1')") }
            try RunFolder(workspace: workspace, id: "0001-20261121T020000Z").prepare(.transform)
            return ledger
        }
        #expect(try mode(workspace) == 0o700)
        #expect(try mode(workspace.appendingPathComponent("runs")) == 0o700)
        #expect(try mode(ledgerURL) == 0o600)
        // Open and written to, the ledger has its journal files: they are owner-only too.
        for suffix in ["-wal", "-shm"] {
            #expect(try mode(URL(fileURLWithPath: ledgerURL.path + suffix)) == 0o600, "ledger.sqlite\(suffix)")
        }
        #expect(try ledger.cursor() == 0)
    }

    @Test func anExistingWorkspaceWithLooserModesIsTightenedWhenOpened() throws {
        let workspace = try TestWorkspace.make().appendingPathComponent("clinic")
        let ledgerURL = workspace.appendingPathComponent("ledger.sqlite")
        let runs = workspace.appendingPathComponent("runs")
        // What an earlier qbsync left under umask 022: everything readable by everyone.
        let earlier = try underUmask(0o022) { () throws -> DatabasePool in
            try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
            chmod(workspace.path, 0o755)
            chmod(runs.path, 0o755)
            let earlier = try DatabasePool(path: ledgerURL.path)
            try earlier.write { db in try db.execute(sql: "CREATE TABLE earlier (x)") }
            return earlier
        }
        for path in [ledgerURL.path, ledgerURL.path + "-wal", ledgerURL.path + "-shm"] { chmod(path, 0o644) }
        #expect(try mode(URL(fileURLWithPath: ledgerURL.path + "-wal")) == 0o644)

        // Opened while the earlier connection still holds its journal files.
        let ledger = try underUmask(0o022) { try Ledger(url: ledgerURL) }
        #expect(try ledger.cursor() == 0)
        #expect(try mode(workspace) == 0o700)
        #expect(try mode(runs) == 0o700)
        #expect(try mode(ledgerURL) == 0o600)
        for suffix in ["-wal", "-shm"] {
            #expect(try mode(URL(fileURLWithPath: ledgerURL.path + suffix)) == 0o600, "ledger.sqlite\(suffix)")
        }
        try earlier.close()
    }
}
