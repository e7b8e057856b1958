/// The name of one QuickBooks object qbsync keeps, as the ledger, the plan and the journal write
/// it: `invoice sale:1042 patient` is the patient's invoice of sale 1042. A key has a kind, what
/// it stands for (an OMS reference, or a shared thing: `location:3`, `method:2`,
/// `generic:sales_tax`, or an account's name) and, for a record with several objects, a role.
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Which of a record's objects a key is, when it has several.
    public enum Role: Hashable, Sendable, CustomStringConvertible {
        /// The patient's invoice of a sale.
        case patient
        /// A third party's invoice of a sale.
        case payer(Int)
        /// A refund's clearing invoice.
        case clearing
        /// A customer's opening-balance invoice at the cutover (`invoice patient:5 opening`).
        case opening

        public init?(_ text: Substring) {
            switch text {
            case "patient": self = .patient
            case "clearing": self = .clearing
            case "opening": self = .opening
            default:
                guard text.hasPrefix("payer:"), let id = Int(text.dropFirst("payer:".count)) else { return nil }
                self = .payer(id)
            }
        }

        public var description: String {
            switch self {
            case .patient: "patient"
            case .payer(let id): "payer:\(id)"
            case .clearing: "clearing"
            case .opening: "opening"
            }
        }
    }

    public var kind: DocumentKind
    /// What the object stands for: `sale:1042`, `location:3`, `generic:option`, or an account name.
    public var reference: String
    public var role: Role?

    public init(_ kind: DocumentKind, _ reference: String, role: Role? = nil) {
        self.kind = kind
        self.reference = reference
        self.role = role
    }

    /// Parses a key as it is written; nil when the text is not one. The spaces are found on the
    /// text's bytes: the review and the reader parse a million keys.
    public init?(parsing text: String) {
        let space = UInt8(ascii: " ")
        guard let first = text.utf8.firstIndex(of: space), let kind = DocumentKind(keyword: text[..<first]) else { return nil }
        let rest = text[text.utf8.index(after: first)...]
        guard !rest.isEmpty else { return nil }
        // An account's name may hold spaces: it is the rest of the key, and has no role.
        if kind == .account {
            self.init(kind, String(rest))
            return
        }
        guard let second = rest.utf8.firstIndex(of: space) else {
            self.init(kind, String(rest))
            return
        }
        let reference = rest[..<second]
        guard !reference.isEmpty, let role = Role(rest[rest.utf8.index(after: second)...]) else { return nil }
        self.init(kind, String(reference), role: role)
    }

    public var description: String {
        role.map { "\(kind.keyword) \(reference) \($0)" } ?? "\(kind.keyword) \(reference)"
    }

    /// The OMS record the object stands for, when it is one (`sale:1042`), not a shared object.
    public var omsRef: OMSRef? { try? OMSRef(parsing: reference) }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool { lhs.description < rhs.description }

    // The keys the mappers make, spelled once.

    /// A patient's or a payer's customer.
    public static func customer(_ ref: OMSRef) -> ObjectKey { ObjectKey(.customer, ref.description) }
    public static func patient(_ id: Int) -> ObjectKey { customer(OMSRef(OMSEntity.patient.name, id)) }
    public static func payer(_ id: Int) -> ObjectKey { customer(OMSRef(OMSEntity.payer.name, id)) }
    /// An OMS item's own QuickBooks item.
    public static func item(_ id: Int) -> ObjectKey { ObjectKey(.item, "item:\(id)") }
    /// A generic item shared by many records (`hearing_aid`, `option`, `sales_tax`, `write_off`, `credit_refund`).
    public static func genericItem(_ kind: String) -> ObjectKey { ObjectKey(.item, "generic:\(kind)") }
    /// A location's class.
    public static func locationClass(_ id: Int) -> ObjectKey { ObjectKey(.class, "location:\(id)") }
    public static func paymentMethod(_ id: Int) -> ObjectKey { ObjectKey(.paymentMethod, "method:\(id)") }
    public static func account(_ name: String) -> ObjectKey { ObjectKey(.account, name) }
    /// A sale's invoice to the patient or to a third party, or a refund's clearing invoice.
    public static func invoice(_ ref: OMSRef, _ role: Role) -> ObjectKey { ObjectKey(.invoice, ref.description, role: role) }
    /// A customer's (`customer patient:5`) one opening-balance invoice: `invoice patient:5 opening`.
    public static func openingBalance(_ customer: ObjectKey) -> ObjectKey {
        ObjectKey(.invoice, customer.reference, role: .opening)
    }
    public static func payment(_ ref: OMSRef) -> ObjectKey { ObjectKey(.payment, ref.description) }
    public static func creditMemo(_ ref: OMSRef) -> ObjectKey { ObjectKey(.creditMemo, ref.description) }
    public static func refundReceipt(_ ref: OMSRef) -> ObjectKey { ObjectKey(.refundReceipt, ref.description) }
    public static func application(_ ref: OMSRef) -> ObjectKey { ObjectKey(.creditApplication, ref.description) }
}
