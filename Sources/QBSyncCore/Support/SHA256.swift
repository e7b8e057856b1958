import CSHA256

/// SHA-256 (FIPS 180-4), for the manifest's file checksums and the approval's fingerprints.
/// Small and dependency-free: swift-crypto would add most of a minute to every cold build.
/// Whole blocks go through the processor's SHA extensions where it has them (`CSHA256`),
/// through the portable compression below elsewhere.
///
/// The manifest hashes every file a stage writes (hundreds of megabytes for a large extract),
/// so the compression works on the caller's bytes in place: whole 64-byte blocks are read
/// straight from the input, the message schedule lives in a stack buffer, and only a partial
/// block is ever copied.
public struct SHA256 {
    /// The eight working words of the hash.
    private struct State {
        var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c, h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    }

    private var state = State()
    /// The partial block carried between updates (`pending` bytes of it are used).
    private var block = [UInt8](repeating: 0, count: 64)
    private var pending = 0
    private var length: UInt64 = 0
    /// Whether whole blocks go through the SHA extensions; tests turn it off to compare.
    var usesHardware = SHA256.hardware

    /// Whether this processor has the SHA extensions.
    static let hardware = qbsync_sha256_hardware() != 0

    public init() {}

    /// The lower-case hex digest of `bytes`.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// The lower-case hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in update(UnsafeRawBufferPointer(buffer)) }
        if done == nil { update(Array(bytes)) }
    }

    /// Adds the bytes of `raw` to the message.
    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        guard var start = raw.baseAddress, raw.count > 0 else { return }
        var remaining = raw.count
        length &+= UInt64(remaining)
        if pending > 0 {
            let take = min(64 - pending, remaining)
            block.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: pending).copyMemory(from: start, byteCount: take) }
            pending += take
            start += take
            remaining -= take
            guard pending == 64 else { return }
            block.withUnsafeBytes { Self.compress(&state, $0.baseAddress!) }
            pending = 0
        }
        if usesHardware, remaining >= 64 {
            let blocks = remaining / 64
            Self.compressInHardware(&state, start, blocks: blocks)
            start += 64 * blocks
            remaining -= 64 * blocks
        }
        while remaining >= 64 {
            Self.compress(&state, start)
            start += 64
            remaining -= 64
        }
        if remaining > 0 {
            block.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: start, byteCount: remaining) }
            pending = remaining
        }
    }

    /// The digest as 32 bytes.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = Array(block[0..<pending])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 64) { Self.compress(&state, raw.baseAddress! + start) }
        }
        let words = [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7]
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
    }

    /// The digest as 64 lower-case hex characters.
    public mutating func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Folds `blocks` 64-byte blocks at `bytes` into `state` with the SHA extensions.
    private static func compressInHardware(_ state: inout State, _ bytes: UnsafeRawPointer, blocks: Int) {
        var words = (state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7)
        withUnsafeMutableBytes(of: &words) { raw in
            qbsync_sha256_blocks(raw.baseAddress!.assumingMemoryBound(to: UInt32.self), bytes.assumingMemoryBound(to: UInt8.self), blocks)
        }
        (state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7) = words
    }

    /// Folds one 64-byte block at `bytes` (any alignment) into `state`.
    private static func compress(_ state: inout State, _ bytes: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                let b = bytes + 4 * i
                w[i] =
                    UInt32(b.load(as: UInt8.self)) << 24 | UInt32(b.load(fromByteOffset: 1, as: UInt8.self)) << 16
                    | UInt32(b.load(fromByteOffset: 2, as: UInt8.self)) << 8 | UInt32(b.load(fromByteOffset: 3, as: UInt8.self))
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = state.h0, b = state.h1, c = state.h2, d = state.h3
            var e = state.h4, f = state.h5, g = state.h6, h = state.h7
            k.withUnsafeBufferPointer { k in
                for i in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state.h0 &+= a; state.h1 &+= b; state.h2 &+= c; state.h3 &+= d
            state.h4 &+= e; state.h5 &+= f; state.h6 &+= g; state.h7 &+= h
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// The round constants, from the table the SHA extensions' compression reads too.
    private static let k: [UInt32] = withUnsafeBytes(of: qbsync_sha256_round_constants) { Array($0.bindMemory(to: UInt32.self)) }
}
