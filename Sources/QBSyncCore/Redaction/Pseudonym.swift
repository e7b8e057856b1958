/// Pseudonym codes for redacted patients: eight characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), shown as `K7QM-2XH4`. Random, so nothing about the person can be recovered
/// from it; the ledger alone maps it back.
public enum Pseudonym {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A fresh random code. Each half mixes letters and digits, so a code never spells a word
    /// (a patient named Mary must not meet a `MARY-...` code in the leak check, or anywhere).
    public static func randomCode() -> String {
        var generator = SystemRandomNumberGenerator()
        func half() -> String {
            while true {
                let characters = (0..<4).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
                if characters.contains(where: \.isNumber), characters.contains(where: \.isLetter) { return String(characters) }
            }
        }
        return half() + "-" + half()
    }

    /// The display name QuickBooks shows for a redacted patient.
    public static func displayName(prefix: String, code: String) -> String {
        "\(prefix) \(code)"
    }
}
