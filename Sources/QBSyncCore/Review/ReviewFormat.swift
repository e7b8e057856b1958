import QBSyncJSON

/// How the review writes money, kinds and dates, the same in every format.
public enum ReviewFormat {
    /// `123456` -> `1,234.56`, `-5` -> `-0.05`: grouped for reading (CSV keeps plain decimals).
    public static func money(_ cents: Int) -> String {
        let plain = Money.decimalString(cents: cents)
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (negative ? "-" : "") + whole + grouped + "." + parts[1]
    }

    /// A QuickBooks entity as an accountant calls it: `CreditMemo` -> `Credit memo`.
    /// The entities whose names are spelled out below (`words` gives each the same).
    static let spelledEntities = ["Invoice", "Payment", "Customer", "Item", "Class", "Account", "CreditMemo", "RefundReceipt", "JournalEntry"]

    public static func entityName(_ entity: String) -> String {
        // The names of the entities qbsync writes are spelled out: the review names a million
        // documents, and walking each one's characters showed in its profile.
        switch entity {
        case "Invoice", "Payment", "Customer", "Item", "Class", "Account": return entity
        case "CreditMemo": return "Credit memo"
        case "RefundReceipt": return "Refund receipt"
        case "JournalEntry": return "Journal entry"
        default: return words(entity)
        }
    }

    /// `CreditMemo` -> `Credit memo`: a space before each capital but the first, which is lowered.
    static func words(_ entity: String) -> String {
        var out = ""
        for character in entity {
            if character.isUppercase, !out.isEmpty { out += " " + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    /// The kind shown for an operation on a document: `Invoice`, `Invoice void`, `Invoice change`.
    /// A customer's opening balance at the cutover (`invoice patient:5 opening`) is an invoice
    /// of its own kind to the accountant: it carries history, not a sale.
    public static func kind(entity: String, operation: String, key: String) -> String {
        let label = kind(entity: entity, operation: operation)
        // Only a key that ends so can be an opening balance: the others are not parsed.
        guard key.hasSuffix(" opening"), ObjectKey(parsing: key)?.role == .opening else { return label }
        return label.replacingOccurrences(of: entityName(entity), with: "Opening balance")
    }

    public static func kind(entity: String, operation: String) -> String {
        let name = entityName(entity)
        switch operation {
        case "create": return name
        case "update": return name + " change"
        default: return name + " " + operation
        }
    }

    /// Days from `from` to `to` (both `YYYY-MM-DD`), or nil when either is not a date.
    static func days(from: String, to: String) -> Int? {
        guard let start = SampleCalendar.parse(String(from.prefix(10))), let end = SampleCalendar.parse(String(to.prefix(10)))
        else { return nil }
        return end - start
    }

    /// Whether `text` is a strict `YYYY-MM-DD` date.
    public static func isDate(_ text: String) -> Bool { SampleCalendar.parse(text) != nil }
}
