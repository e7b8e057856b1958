import QBSyncCommands

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`.
///
/// Called from inside an `async` function on purpose: in top-level code Swift resolves
/// `QBSync.main()` to ArgumentParser's synchronous overload, which refuses an async root
/// command ("needs availability annotation") and so ran no command at all.
func runQBSync() async {
    await QBSync.main()
}

await runQBSync()
