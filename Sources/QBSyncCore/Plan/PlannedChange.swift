/// One change the transform plans for one OMS item, in no edition's words: what it does
/// (`operation`) to which object (`key`), in which wave, and the neutral change itself. The
/// edition's renderer turns it into a `PlannedOperation`, whose body is that edition's wire.
public struct PlannedChange: Sendable, Equatable {
    public var key: ObjectKey
    /// The OMS item it serves (`sale:1042`; `shared` for what many records share).
    public var ref: String
    public var operation: OperationKind
    public var change: BooksChange
    public var wave: Wave
    /// The name or number the object is found by in QuickBooks after an uncertain outcome
    /// (its kind says which field that is); nil when it is never looked up.
    public var identifiedBy: String?
    /// Look it up before creating, and adopt what is found (names shared with the company).
    public var adoptExisting: Bool = false
    /// The OMS amount in cents the document must total.
    public var expectedCents: Int?

    public init(
        key: ObjectKey, ref: String, operation: OperationKind, change: BooksChange, wave: Wave, identifiedBy: String? = nil,
        adoptExisting: Bool = false, expectedCents: Int? = nil
    ) {
        self.key = key
        self.ref = ref
        self.operation = operation
        self.change = change
        self.wave = wave
        self.identifiedBy = identifiedBy
        self.adoptExisting = adoptExisting
        self.expectedCents = expectedCents
    }

    /// A void of the document under `key` (its amount becomes zero).
    static func void(_ key: ObjectKey, ref: String, wave: Wave) -> PlannedChange {
        PlannedChange(key: key, ref: ref, operation: .void, change: .void, wave: wave, expectedCents: 0)
    }

    /// The customer under `key` made active (`true`), in the names wave, or inactive, in the
    /// last wave. Only the flag changes, so the ledger keeps the fingerprint of what was last
    /// posted about the customer.
    static func activeFlag(_ active: Bool, key: ObjectKey, ref: String) -> PlannedChange {
        PlannedChange(key: key, ref: ref, operation: .deactivate, change: .activeFlag(active), wave: active ? .names : .deactivations)
    }

    /// The keys of the other objects the change refers to (a document's customer, items,
    /// classes...), which must be in QuickBooks, or planned, before it.
    public var references: [ObjectKey] {
        // One array, appended in order: every change's references are asked for once a run, a
        // million times on a first synchronization.
        var keys: [ObjectKey] = []
        switch change {
        case .customer, .item, .class, .paymentMethod, .account, .void, .delete, .activeFlag: break
        case .invoice(let document), .creditMemo(let document), .refundReceipt(let document):
            keys.reserveCapacity(2 + 2 * document.lines.count)
            keys.append(document.customer)
            for line in document.lines {
                keys.append(line.item)
                keys.append(line.classKey)
            }
            if let method = document.paymentMethod { keys.append(method) }
        case .payment(let payment):
            keys.reserveCapacity(2 + payment.applications.count)
            keys.append(payment.customer)
            for application in payment.applications { keys.append(application.invoice) }
            keys.append(payment.paymentMethod)
        case .creditApplication(let application): keys = [application.customer, application.document, application.credit]
        case .creditRefund(let refund):
            keys = [refund.customer, refund.paymentMethod, refund.classKey]
            if case .creditMemo(let memo) = refund.credit { keys.append(memo) }
        case .link(let target): keys = [target]
        }
        return keys
    }
}
