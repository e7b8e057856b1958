/// An OMS item as its own QuickBooks item, or a generic item many records share (which carries
/// only a name, a type and an income account).
public struct ItemChange: Sendable, Equatable {
    public var name: String
    /// `Service` or `NonInventory`.
    public var type: String
    public var incomeAccount: String
    public var unitPriceCents: Int?
    public var active: Bool?
    public var taxable: Bool?
    public var sku: String?

    public init(name: String, type: String, incomeAccount: String) {
        (self.name, self.type, self.incomeAccount) = (name, type, incomeAccount)
    }
}
