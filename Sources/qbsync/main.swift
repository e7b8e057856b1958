import Foundation
import QBSyncCommands

#if canImport(Glibc)
import Glibc

// Two malloc arenas, set before any thread is started: glibc gives each thread that meets a
// busy arena one of its own (up to eight a core), and the transform's mapping workers, file
// writer and read-ahead each kept megabytes of freed memory in theirs, which counted against
// the stage's peak resident memory (BENCHMARKS.md).
// `mallopt` is in <malloc.h>, which the Glibc module does not carry: found by name instead.
// M_ARENA_MAX is -8 in that header. glibc's own MALLOC_ARENA_MAX, when set, is left to rule.
if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 2)
}
#endif

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`; this only hands over
/// the arguments and the environment and exits with the contract's code.
let code = await QBSync.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
