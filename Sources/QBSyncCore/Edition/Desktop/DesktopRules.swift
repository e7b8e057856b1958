/// QuickBooks Desktop's rules (qbXML 13.0, `../shared/qbd-api.md` section 5): customer names of
/// 41 characters, item, class and payment-method names of 31, no `:` in a name (it separates a
/// job from its parent), RefNumbers of 11 on invoices, credit memos and credit-card refunds and
/// of 20 on received payments, at most 30 requests in a message set. A number too long for its
/// RefNumber becomes a short traceable code (`DesktopNumberCode`); the memo always carries the
/// full OMS number and the record marker, so an accountant and a lookup can both trace it.
extension EditionRules {
    public static let desktop: EditionRules = {
        var rules = EditionRules(
            edition: .desktop, maxNameLength: 41, maxPaymentMethodNameLength: 31, maxDocNumberLength: 11,
            forbiddenNameCharacters: [":"], nameReplacement: "-", maxOperationsPerRequest: 30, placeholderPrefix: "@")
        rules.maxItemNameLength = 31
        rules.docNumberLengths = ["Payment": 20]
        rules.shortNumberCodes = true
        rules.refundsThroughClearing = false
        rules.omsNumberInMemo = true
        return rules
    }()

    /// The rules of `edition`.
    public static func of(_ edition: Edition) -> EditionRules {
        switch edition {
        case .online: .online
        case .desktop: .desktop
        }
    }
}

/// Short RefNumbers an accountant can relate to the OMS number: the number itself when it fits;
/// else without a year in its middle (`INV-2025-00283` -> `INV-00283`); else that without
/// separators (`INV-2025-00283-T4` -> `INV00283T4`); else the number's last whole parts after the
/// start of its first (`FOLSOM-LAKE-26-104002` -> `F-26-104002`); else its last characters. The
/// ledger claims them unique per document type; a clash takes `~2`, `~3`... after the number's end.
enum DesktopNumberCode {
    static func candidate(_ base: String, attempt: Int, limit: Int) -> String {
        let cleaned = String(base.filter { !$0.isWhitespace && $0 != ":" })
        let code = shortForm(cleaned.isEmpty ? "0" : cleaned, limit: limit)
        guard attempt > 0 else { return code }
        let suffix = "~" + String(attempt + 1, radix: 36).uppercased()
        return String(compact(code).suffix(limit - suffix.count)) + suffix
    }

    private static func shortForm(_ text: String, limit: Int) -> String {
        if text.count <= limit { return text }
        let segments = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // A year (19xx, 20xx) inside the number says little about which document it is.
        var kept = segments.enumerated().filter { index, segment in
            !(index > 0 && index < segments.count - 1 && segment.count == 4 && segment.allSatisfy(\.isNumber)
                && (segment.hasPrefix("19") || segment.hasPrefix("20")))
        }.map(\.element)
        if kept.isEmpty { kept = segments }
        let withoutYear = kept.joined(separator: "-")
        if withoutYear.count <= limit { return withoutYear }
        let joined = compact(withoutYear)
        if joined.count <= limit { return joined }
        // The last whole parts that fit (joined without separators when that keeps more than
        // one), after as much of the first part as there is room for.
        let parts = Array(kept.dropFirst())
        func count(fitting join: ([String]) -> String) -> Int {
            (0...parts.count).last { join(Array(parts.suffix($0))).count <= limit } ?? 0
        }
        let separated = count { $0.joined(separator: "-") }
        let together = count { compact($0.joined()) }
        guard separated > 0 || together > 0 else { return String(joined.suffix(limit)) }
        let end = separated <= 1 && together > separated ? compact(parts.suffix(together).joined()) : parts.suffix(separated).joined(separator: "-")
        let room = limit - end.count - 1
        return room > 0 ? String(kept[0].prefix(room)) + "-" + end : end
    }

    private static func compact(_ text: String) -> String { String(text.filter { $0 != "-" && $0 != "_" && $0 != "." && $0 != "/" }) }
}
