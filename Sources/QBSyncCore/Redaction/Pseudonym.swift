/// Pseudonym codes for redacted patients: eight characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), shown as `K7QM-2XH4`. Random, so nothing about the person can be recovered
/// from it; the ledger alone maps it back.
public enum Pseudonym {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A fresh random code. Each half mixes letters and digits, so a code never spells a word
    /// (a patient named Mary must not meet a `MARY-...` code in the leak check, or anywhere).
    public static func randomCode() -> String {
        var random = RandomBytes()
        func half() -> String {
            while true {
                let characters = (0..<4).map { _ in alphabet[random.index(below: alphabet.count)] }
                if characters.contains(where: \.isNumber), characters.contains(where: \.isLetter) { return String(characters) }
            }
        }
        return half() + "-" + half()
    }

    /// The system's secure generator read eight bytes at a time (a call each was a system call
    /// for every character of a hundred thousand codes), each byte drawn without bias.
    private struct RandomBytes {
        private var generator = SystemRandomNumberGenerator()
        private var word: UInt64 = 0
        private var left = 0

        /// A uniform index below `count` (at most 256): a byte at or above the largest multiple
        /// of `count` is drawn again.
        mutating func index(below count: Int) -> Int {
            let limit = 256 - 256 % count
            while true {
                if left == 0 { (word, left) = (generator.next(), 8) }
                let byte = Int(word & 0xFF)
                (word, left) = (word >> 8, left - 1)
                if byte < limit { return byte % count }
            }
        }
    }

    /// The display name QuickBooks shows for a redacted patient.
    public static func displayName(prefix: String, code: String) -> String {
        "\(prefix) \(code)"
    }
}
