import QBSyncCore
import Testing

/// Each error says its own exit status, as the command-line contract sorts them: 2 when nothing
/// was done because of usage, configuration or input, 3 when refused or blocked, 1 otherwise.
struct ExitStatusTests {
    static let holder = LockHolder(token: "t", user: "nightly", host: "clinic-pc", pid: 42, runID: nil, since: "2026-12-02T02:00:00Z")

    @Test(arguments: [
        (PipelineError.fileMissing("p.toml") as any ExitStatusError, QBSyncCore.ExitStatus.configuration),
        (TransformError.notARun("0001-x"), .configuration),
        (TransformError.leak([]), .blocked),
        (LoadError.locked(holder, run: "0001-x"), .blocked),
        (LoadError.preflight("QuickBooks did not answer", run: "0001-20261121T020000Z"), .itemsFailed),
        (ConnectError.cannotListen(port: 8766, reason: "in use"), .configuration),
        (ConnectError.stateMismatch, .blocked),
        (ApprovalError.notApproved("0001-x"), .blocked),
        (ApprovalError.transformNotDone("0001-x"), .configuration),
        (LedgerBackupError.notALedger("f", "no tables"), .configuration),
        (LedgerBackupError.newerThanBackup("f", "0002-x", "0001-x"), .blocked),
        (CompanyHistoryError.postedBefore(company: "1", run: "0001-x", examples: [], count: 1), .blocked),
        (WorkspaceLockError.locked(holder, command: "qbsync run"), .blocked),
        (LoadError.stopped("the ledger is locked", status: .blocked, run: "0001-x"), .blocked),
        (LoadError.stopped("the body is not JSON", status: .itemsFailed, run: "0001-x"), .itemsFailed),
        (ExtractError.badRecord("a record without ref or why", run: "0001-x"), .configuration),
        (ExtractError.unknownEntity("visit"), .configuration),
        (OwnerOnlyError.cannotProtect("/w", "not the owner"), .configuration),
        (TokenStoreError.unsafeFile(path: "tokens.json", reason: "a symbolic link"), .configuration),
        (TokenStoreError.unreadable(path: "tokens.json", reason: "not JSON"), .blocked),
        (TokenStoreError.io(path: "tokens.json", operation: "write", reason: "no space left"), .itemsFailed),
        (SampleError.fileExists(path: "oms.sqlite"), .configuration),
    ])
    func anErrorSaysItsOwnExitStatus(error: any ExitStatusError, status: QBSyncCore.ExitStatus) {
        #expect(error.exitStatus == status, "\(error)")
    }
}
