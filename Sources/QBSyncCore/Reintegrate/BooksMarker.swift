/// The marker every document qbsync posts carries (`qbsync sale:283`): the OMS record it
/// belongs to, and for the documents a record posts besides its own, which one it is. It names
/// a reference only, never a patient, so it may sit in QuickBooks.
public struct BooksMarker: Sendable, Equatable, CustomStringConvertible {
    /// What the document is for its record.
    public enum Role: String, Sendable {
        /// The record's own document: an invoice of a sale, a payment, a credit memo, a refund receipt.
        case document
        /// A refund's clearing invoice (`qbsync refund:7 clears the customer's credit`).
        case clearing
        /// The zero payment that applies a credit (`qbsync return:4 applied`).
        case application
        /// A customer's opening-balance invoice at the cutover. A payer's names the payer
        /// (`qbsync payer:3 opening balance`); a patient's names one of the sales it carries
        /// (`qbsync sale:283 opening balance`), never the patient, whose record id must not
        /// sit beside a pseudonym.
        case openingBalance
    }

    public var ref: OMSRef
    public var role: Role

    public init(ref: OMSRef, role: Role) {
        self.ref = ref
        self.role = role
    }

    /// Reads a marker from the note text qbsync wrote; nil for any other text (a bookkeeper's
    /// own note, an OMS reference qbsync does not know).
    public init?(text: String) {
        guard text.hasPrefix("qbsync ") else { return nil }
        let words = text.dropFirst("qbsync ".count).split(separator: " ", maxSplits: 1)
        guard let first = words.first, let ref = try? OMSRef(parsing: String(first)) else { return nil }
        let rest = words.count > 1 ? String(words[1]) : ""
        switch rest {
        case "": role = .document
        case "applied": role = .application
        case "clears the customer's credit": role = .clearing
        case "opening balance": role = .openingBalance
        default: return nil
        }
        self.ref = ref
    }

    /// The text as qbsync writes it.
    public var description: String {
        switch role {
        case .document: "qbsync \(ref)"
        case .application: "qbsync \(ref) applied"
        case .clearing: "qbsync \(ref) clears the customer's credit"
        case .openingBalance: "qbsync \(ref) opening balance"
        }
    }
}
