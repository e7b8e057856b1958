import QBSyncCommands

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`.
///
/// Called from an `async` function so that the compiler picks `AsyncParsableCommand.main()`:
/// in top-level code it picks the synchronous `ParsableCommand.main()`, which on Linux refuses
/// to run an async root command ("needs availability annotation").
func start() async { await QBSync.main() }
await start()
