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
}
