import QBSyncCommands

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`.
await QBSync.main()
