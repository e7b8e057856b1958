import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc settings: the arena count for the whole process, the thresholds for the stage
/// that needs them. The transform of a first synchronization frees and allocates blocks of a
/// megabyte and more all the time (rendered chunks, review blocks, dictionaries as they grow):
/// left to glibc's sliding threshold they stay in the heap and count against the stage's peak
/// memory (25 MB of a million-change transform's). The load and the Web Connector's service want the opposite: their buffers
/// reused from the heap, not mapped and unmapped each time (the Desktop load ran a quarter
/// slower with a fixed 1 MB threshold). What glibc's own `MALLOC_*_THRESHOLD_` variables set is
/// left to rule.
public enum MallocTuning {
    /// Three malloc arenas, to be set before any thread starts: not glibc's eight a core, whose
    /// every mapping worker, file writer and read-ahead of the transform kept megabytes of freed
    /// memory in an arena of its own, yet more than two, for which those threads waited on each
    /// other's locks (a tenth of their time; BENCHMARKS.md). glibc's MALLOC_ARENA_MAX, when set,
    /// rules.
    public static func limitArenas() {
        // <malloc.h>'s M_ARENA_MAX.
        if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt?(-8, 3) }
    }

    /// Runs `body` with blocks of a megabyte or more mapped and unmapped on their own, then
    /// leaves large blocks to the heap again (the thresholds glibc's sliding one reaches).
    static func returningLargeBlocks<T>(_ body: () throws -> T) rethrows -> T {
        set(mmap: 1 << 20, trim: 1 << 20)
        defer { set(mmap: 32 << 20, trim: 64 << 20) }
        return try body()
    }

    private static func set(mmap: Int32, trim: Int32) {
        let environment = ProcessInfo.processInfo.environment
        // <malloc.h>'s M_MMAP_THRESHOLD and M_TRIM_THRESHOLD.
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt?(-3, mmap) }
        if environment["MALLOC_TRIM_THRESHOLD_"] == nil { _ = mallopt?(-1, trim) }
    }

    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    /// Found by name: the Glibc module does not carry <malloc.h>.
    private static let mallopt: Mallopt? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: Mallopt.self)
        #else
        return nil
        #endif
    }()
}
