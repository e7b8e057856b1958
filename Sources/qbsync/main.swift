import Foundation
import QBSyncCommands

#if canImport(Glibc)
import Glibc

// Three malloc arenas, set before any thread starts: not glibc's eight a core, whose every
// mapping worker, file writer and read-ahead of the transform kept megabytes of freed memory in
// an arena of its own, yet more than two, for which those threads waited on each other's locks
// (a tenth of their time; BENCHMARKS.md). The transform sets its own thresholds too
// (`MallocTuning`). `mallopt` is in <malloc.h>, which the Glibc module does not carry: found by
// name instead; M_ARENA_MAX is -8 in that header. glibc's MALLOC_ARENA_MAX, when set, rules.
if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 3)
}
#endif

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`; this only hands over
/// the arguments and the environment and exits with the contract's code.
let code = await QBSync.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
