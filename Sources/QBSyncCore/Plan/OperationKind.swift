/// What a planned change does to its object. The wire each edition sends for it is the
/// renderer's business (Online deactivates with a sparse update, applies with a payment).
public enum OperationKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case create
    case update
    case void
    case delete
    /// Make a customer (or item) inactive, or active again, changing nothing else.
    case deactivate
    /// Apply a credit to a document.
    case apply
    /// No request: the key takes the id of another object (a hearing aid model's generic item).
    case link

    public var description: String { rawValue }
}
