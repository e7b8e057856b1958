import QBSyncJSON

/// Turns neutral planned changes into QuickBooks Online batch operations: the JSON bodies the
/// batch files hold (and an accountant reads), with `@key` placeholders where the load puts
/// ids, and the lookups that find an object again by its name or number.
public struct OnlineRenderer: Sendable {
    public let rules: EditionRules

    public init(rules: EditionRules = .online) { self.rules = rules }

    /// The batch operation for `change`.
    public func render(_ change: PlannedChange) -> PlannedOperation {
        var body: JSONValue
        switch change.change {
        case .void, .delete:
            body = ["Id": id(change.key), "SyncToken": syncToken(change.key)]
        case .activeFlag(let active):
            body = ["Id": id(change.key), "SyncToken": syncToken(change.key), "sparse": true, "Active": .bool(active)]
        default:
            body = createBody(change.change)
            if change.operation == .update {
                body["Id"] = id(change.key)
                body["SyncToken"] = syncToken(change.key)
                body["sparse"] = true
                // QuickBooks Online never changes an item's type: an update that names it is refused.
                if case .item = change.change { body["Type"] = nil }
            }
        }
        var target: String?
        if case .link(let key) = change.change { target = key.description }
        return PlannedOperation(
            key: change.key.description, ref: change.ref, entity: Self.entity(change.key.kind), operation: Self.operation(change.operation),
            body: body, wave: change.wave,
            lookup: change.identifiedBy.map { Lookup(entity: Self.entity(change.key.kind), field: Self.lookupField(change.key.kind), value: $0) },
            adoptExisting: change.adoptExisting, expectedCents: change.expectedCents, target: target)
    }

    /// The fingerprint the ledger compares with what was last posted: that of the create body.
    public func fingerprint(_ change: PlannedChange) -> String {
        PlannedOperation(key: "", ref: "", entity: "", operation: "create", body: createBody(change.change), wave: change.wave, lookup: nil)
            .fingerprint
    }

    /// The entity an object of `kind` is in QuickBooks Online.
    public static func entity(_ kind: DocumentKind) -> String {
        switch kind {
        case .customer: "Customer"
        case .item: "Item"
        case .class: "Class"
        case .paymentMethod: "PaymentMethod"
        case .account: "Account"
        case .invoice: "Invoice"
        case .payment, .creditApplication: "Payment"
        case .creditMemo: "CreditMemo"
        case .refundReceipt: "RefundReceipt"
        }
    }

    /// The field QuickBooks Online finds an object of `kind` by.
    static func lookupField(_ kind: DocumentKind) -> String {
        switch kind {
        case .customer: "DisplayName"
        case .item, .class, .paymentMethod, .account: "Name"
        case .invoice, .creditMemo, .refundReceipt: "DocNumber"
        case .payment, .creditApplication: "PaymentRefNum"
        }
    }

    /// The batch operation's verb: Online deactivates with a sparse update and applies a credit
    /// with a payment of zero.
    static func operation(_ kind: OperationKind) -> String {
        switch kind {
        case .create, .apply: "create"
        case .update, .deactivate: "update"
        case .void: "void"
        case .delete: "delete"
        case .link: "link"
        }
    }

    private func createBody(_ change: BooksChange) -> JSONValue {
        switch change {
        case .customer(let customer): return self.customer(customer)
        case .item(let item): return self.item(item)
        case .class(let name): return ["Name": .string(name)]
        case .paymentMethod(let name, let kind): return ["Name": .string(name), "Type": kind == "card" ? "CREDIT_CARD" : "NON_CREDIT_CARD"]
        case .account(let name, let type): return ["Name": .string(name), "AccountType": .string(type)]
        case .invoice(let document), .creditMemo(let document), .refundReceipt(let document): return salesDocument(document)
        case .payment(let payment): return self.payment(payment)
        case .creditApplication(let application): return self.application(application)
        // Online's rules book a refund as a receipt, a clearing invoice and an application:
        // the mapper never hands it a credit refund.
        case .void, .delete, .activeFlag, .link, .creditRefund: return .object([:])
        }
    }
}
