/// Pseudonym codes for redacted patients: eight characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), shown as `K7QM-2XH4`. Random, so nothing about the person can be recovered
/// from it; the ledger alone maps it back.
public enum Pseudonym {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A fresh random code.
    public static func randomCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    /// The display name QuickBooks shows for a redacted patient.
    public static func displayName(prefix: String, code: String) -> String {
        "\(prefix) \(code)"
    }
}
