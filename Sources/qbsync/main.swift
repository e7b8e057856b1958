import Foundation
import QBSyncCommands

#if canImport(Glibc)
import Glibc

// glibc's malloc tuned before any thread starts, for the transform of a first synchronization
// (BENCHMARKS.md): three arenas, not glibc's eight a core, whose every mapping worker, file
// writer and read-ahead kept megabytes of freed memory in an arena of its own, yet more than
// two, for which those threads waited on each other's locks (a tenth of their time); and
// blocks of a megabyte or more mapped and unmapped on their own, not left in the heap as
// glibc's sliding threshold leaves them (a million-change transform peaked 25 MB lower).
// `mallopt` is in <malloc.h>, which the Glibc module does not carry: found by name instead,
// with that header's numbers. What glibc's own MALLOC_* variables set is left to rule.
if let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let environment = ProcessInfo.processInfo.environment
    let settings: [(variable: String, parameter: Int32, value: Int32)] = [
        ("MALLOC_ARENA_MAX", -8, 3), ("MALLOC_MMAP_THRESHOLD_", -3, 1 << 20), ("MALLOC_TRIM_THRESHOLD_", -1, 1 << 20),
    ]
    for setting in settings where environment[setting.variable] == nil { _ = mallopt(setting.parameter, setting.value) }
}
#endif

/// The `qbsync` executable: everything it does lives in `QBSyncCommands`; this only hands over
/// the arguments and the environment and exits with the contract's code.
let code = await QBSync.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
