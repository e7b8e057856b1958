/// Unguessable identifiers (tokens, codes, `intuit_tid`) from the system's secure generator,
/// never from a counter, so a client cannot pass by predicting one.
enum RandomToken {
    /// `count` random bytes as lower-case hex, after `prefix`.
    static func hex(_ count: Int, prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        var text = prefix
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }
        return text
    }
}
