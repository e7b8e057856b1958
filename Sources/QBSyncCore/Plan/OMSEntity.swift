/// The OMS change feed's entities, in dependency order: every record another record can need
/// comes before it (a payer and an item before the sale that bills or sells them, a sale before
/// its payments, a return before the refund that pays it out). The one list every stage walks:
/// the transform maps in this order, the extract selects in the reverse one.
public enum OMSEntity: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case payer
    case item
    case patient
    case sale
    case payment
    case `return`
    case refund
    case writeOff = "write_off"

    /// The name files, refs and messages use (`write_off`).
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// The entities' names in dependency order (`payer`, `item`, ...).
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The reverse: every record that can pull another into a run comes before it, so by the
    /// time the extract reaches an entity, why each of its records is in the run is final.
    public static var dependentsFirst: [OMSEntity] { allCases.reversed() }

    /// The position in dependency order (a small number that stands for the entity).
    public var position: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether the entity's records become QuickBooks customers.
    public var isCustomer: Bool {
        switch self {
        case .payer, .patient: true
        case .item, .sale, .payment, .return, .refund, .writeOff: false
        }
    }

    public static func < (lhs: OMSEntity, rhs: OMSEntity) -> Bool { lhs.position < rhs.position }
}
