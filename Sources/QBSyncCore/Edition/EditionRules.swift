/// What an edition of QuickBooks allows, read by the transform instead of constants in the
/// mappers: how long a name and a document number may be, which characters a name may not
/// hold, how many operations one request carries and how an id not given yet is written.
/// The candidates for unique names and document numbers the ledger claims are made here, so
/// a second edition with other limits claims names that fit it.
public struct EditionRules: Sendable {
    /// The edition these are the rules of.
    public var edition: Edition
    /// Longest list name (customer, item, class) qbsync writes.
    public var maxNameLength: Int
    /// Longest payment method name.
    public var maxPaymentMethodNameLength: Int
    /// Longest document number.
    public var maxDocNumberLength: Int
    /// Characters a name may not hold; each is written as `nameReplacement`.
    public var forbiddenNameCharacters: Set<Character>
    public var nameReplacement: Character
    /// Most operations one request carries.
    public var maxOperationsPerRequest: Int
    /// How the plan writes the id of an object the load has not created yet (`@customer patient:12`).
    public var placeholderPrefix: String
    /// Longest item, class name (nil: `maxNameLength`, as on Online).
    public var maxItemNameLength: Int? = nil
    /// Document-number lengths that differ from `maxDocNumberLength`, by the ledger's number scope
    /// (`Payment` on Desktop, whose ReceivePayment RefNumber holds 20).
    public var docNumberLengths: [String: Int] = [:]
    /// Whether a number too long becomes a short traceable code (`DesktopRules`) rather than its
    /// start with a `~` code.
    public var shortNumberCodes = false
    /// Whether a refund is booked as a refund receipt through a clearing account, a clearing
    /// invoice and an application (Online), or as one refund linked to the credit it pays out.
    public var refundsThroughClearing = true
    /// Whether the memo of a document carries its OMS number beside the record marker (an
    /// edition whose document numbers are short codes).
    public var omsNumberInMemo = false

    /// The longest item or class name.
    public var itemNameLength: Int { maxItemNameLength ?? maxNameLength }

    /// The longest number of a document in the ledger's number `scope` (`Invoice`, `Payment`...).
    public func docNumberLength(scope: String) -> Int { docNumberLengths[scope] ?? maxDocNumberLength }

    /// `text` with forbidden characters replaced, blanks collapsed (any whitespace is a
    /// blank: a tab or newline would break a name too), trimmed.
    public func clean(_ text: String) -> String {
        if isClean(text) { return text }
        var out = ""
        var lastWasSpace = true
        for character in text {
            let mapped: Character =
                forbiddenNameCharacters.contains(character) ? nameReplacement : (character.isWhitespace ? " " : character)
            if mapped == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(mapped)
                lastWasSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Whether `clean` would give `text` back as it is: printable ASCII, none of it forbidden,
    /// single blanks between words only. Most names are (a pseudonym, an item), and this reads
    /// their bytes instead of their Characters.
    private func isClean(_ text: String) -> Bool {
        var forbidden: (low: UInt64, high: UInt64) = (0, 0)
        for character in forbiddenNameCharacters {
            guard let ascii = character.asciiValue else { continue }
            if ascii < 64 { forbidden.low |= 1 << ascii } else { forbidden.high |= 1 << (ascii - 64) }
        }
        var previous = UInt8(ascii: " ")
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, !(byte == UInt8(ascii: " ") && previous == byte) else { return false }
            let bit = byte < 64 ? forbidden.low >> byte : forbidden.high >> (byte - 64)
            guard bit & 1 == 0 else { return false }
            previous = byte
        }
        return previous != UInt8(ascii: " ")
    }

    /// The `attempt`-th candidate for a unique name: the cleaned name, then `name (2)`,
    /// `name (3)`... each clamped to `limit` characters (the edition's name length when nil).
    public func nameCandidate(_ text: String, attempt: Int, limit: Int? = nil) -> String {
        let limit = limit ?? maxNameLength
        let cleaned = clean(text)
        let base = cleaned.isEmpty ? "Unnamed" : cleaned
        let suffix = attempt == 0 ? "" : " (\(attempt + 1))"
        return String(base.prefix(limit - suffix.count)) + suffix
    }

    /// A name as it is written when it need not be unique (a given name, a company name).
    public func name(_ text: String) -> String { nameCandidate(text, attempt: 0) }

    /// The `attempt`-th candidate for a document number: `base` when it fits, else its start
    /// with a `~` code the ledger maps back (`2024-000123456789~3`).
    public func docNumberCandidate(_ base: String, attempt: Int, scope: String? = nil) -> String {
        if shortNumberCodes {
            return DesktopNumberCode.candidate(base, attempt: attempt, limit: scope.map(docNumberLength) ?? maxDocNumberLength)
        }
        let cleaned = clean(base).replacingOccurrences(of: " ", with: "")
        if attempt == 0, cleaned.count <= maxDocNumberLength, !cleaned.isEmpty { return cleaned }
        let suffix = "~" + String(attempt, radix: 36).uppercased()
        return String(cleaned.prefix(maxDocNumberLength - suffix.count)) + suffix
    }
}
