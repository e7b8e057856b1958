/// QuickBooks name rules: no `:`, tab or newline in a name, unique, at most 100 characters
/// (clamped at 100 as careful importers do, though DisplayName may take 500).
enum QBONames {
    static let maxLength = 100
    static let maxDocNumber = 21

    /// `text` with forbidden characters replaced, blanks collapsed, trimmed.
    static func clean(_ text: String) -> String {
        var out = ""
        var lastWasSpace = true
        for character in text {
            let mapped: Character = (character == ":" ) ? "-" : (character.isWhitespace ? " " : character)
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

    /// The `attempt`-th candidate for a unique name: the cleaned name, then `name (2)`, `name (3)`...
    /// each clamped to `limit` characters.
    static func candidate(_ text: String, attempt: Int, limit: Int = maxLength) -> String {
        let base = clean(text).isEmpty ? "Unnamed" : clean(text)
        let suffix = attempt == 0 ? "" : " (\(attempt + 1))"
        return String(base.prefix(limit - suffix.count)) + suffix
    }

    /// The `attempt`-th candidate for a DocNumber: `base` when it fits, else its start with a
    /// `~` code the ledger maps back (`2024-000123456789~3`).
    static func docNumberCandidate(_ base: String, attempt: Int) -> String {
        let cleaned = clean(base).replacingOccurrences(of: " ", with: "")
        if attempt == 0, cleaned.count <= maxDocNumber, !cleaned.isEmpty { return cleaned }
        let suffix = "~" + String(attempt, radix: 36).uppercased()
        return String(cleaned.prefix(maxDocNumber - suffix.count)) + suffix
    }
}
