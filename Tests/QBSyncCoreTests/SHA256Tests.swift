import Foundation
import Testing
@testable import QBSyncCore

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func digestsMatchTheStandardTestVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func aMillionAsMatchesTheLongVector() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [1, 63, 64, 65, 127, 1000])
    func bytesFedInPiecesGiveTheSameDigestAsAllAtOnce(piece: Int) {
        let message = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        for start in stride(from: 0, to: message.count, by: piece) {
            message[start..<min(start + piece, message.count)].withUnsafeBytes { hasher.update($0) }
        }
        #expect(hasher.finalizeHex() == SHA256.hex(message))
        #expect(SHA256.hex(message.lazy.map { $0 }) == SHA256.hex(message), "a sequence without contiguous storage")
    }

    /// Whole blocks through the processor's SHA extensions give what the portable compression
    /// gives, for every length around the block edges and fed in uneven pieces. (Where the
    /// processor has no SHA extensions, both are the portable one.)
    @Test func theSHAExtensionsGiveWhatThePortableCompressionGives() {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<4_200).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in Array(0...200) + [511, 512, 513, 4_095, 4_096, 4_200] {
            for piece in [length + 1, 64, 100, 7] {
                var digests: [String] = []
                for hardware in [false, true] {
                    var hasher = SHA256()
                    hasher.usesHardware = hardware && SHA256.hardware
                    for start in stride(from: 0, to: length, by: max(piece, 1)) {
                        message[start..<min(start + piece, length)].withUnsafeBytes { hasher.update($0) }
                    }
                    digests.append(hasher.finalizeHex())
                }
                #expect(digests[0] == digests[1], "\(length) bytes in pieces of \(piece)")
            }
        }
    }

    /// On Linux the kernel lists the SHA extensions as `sha_ni`: the detection must agree.
    @Test func theSHAExtensionsAreFoundWhereTheKernelListsThem() throws {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8), cpuinfo.contains("flags") else { return }
        let listed = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").contains("sha_ni") ?? false
        #expect(SHA256.hardware == listed)
    }
}
