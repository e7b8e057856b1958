import QBSyncJSON
import QBSyncXML

/// Turns neutral planned changes into QuickBooks Desktop qbXML requests (`../shared/qbd-api.md`
/// sections 4 and 5): every element in the schema's order, amounts with exactly two decimals,
/// dates `YYYY-MM-DD`, names clamped to Desktop's lengths, placeholders (`QBXMLPlaceholder`)
/// where ids are not given yet. The request goes in the operation's `qbxml` (and, as text, in its
/// `body`, what the poster carries); `DesktopReader` reads it back into the neutral document the
/// review and the checks read, as `OnlineReader` reads an Online body.
public struct DesktopRenderer: Sendable {
    public let rules: EditionRules
    /// The account a credit application (a payment of zero) names, as every payment must.
    public let depositAccount: String

    public init(rules: EditionRules = .desktop, depositAccount: String = "Undeposited Funds") {
        self.rules = rules
        self.depositAccount = depositAccount
    }

    /// The operation for `change`: its request, its entity in the review's words, its lookup.
    public func render(_ change: PlannedChange) -> PlannedOperation {
        let request = self.request(change)
        var target: String?
        if case .link(let key) = change.change { target = key.description }
        let entity = DesktopReader.reviewEntity(change.key.kind)
        var operation = PlannedOperation(
            key: change.key.description, ref: change.ref, entity: entity, operation: OnlineRenderer.operation(change.operation),
            body: request.map(QBXMLBody.json) ?? .object([:]), wave: change.wave,
            lookup: change.identifiedBy.map { Lookup(entity: Self.objectType(change), field: Self.lookupField(change.key.kind), value: $0) },
            adoptExisting: change.adoptExisting, expectedCents: change.expectedCents, target: target)
        operation.qbxml = request
        return operation
    }

    /// The fingerprint the ledger compares with what was last posted (`QBXMLFingerprint`, the
    /// same for the Add and a Mod of the same fields, as the load records it).
    public func fingerprint(_ change: PlannedChange) -> String {
        var create = change
        create.operation = .create
        guard let request = request(create) else { return SHA256.hex("") }
        return QBXMLFingerprint.of(request)
    }

    /// The request for `change`; nil for a `link`, which sends nothing.
    func request(_ change: PlannedChange) -> XMLTreeElement? {
        let key = change.key
        switch change.change {
        case .link: return nil
        case .void:
            // QuickBooks voids no received payment: it is deleted.
            if key.kind == .payment || key.kind == .creditApplication { return transactionDelete(key) }
            return XMLTreeElement(
                "TxnVoidRq", children: [.leaf("TxnVoidType", Self.transactionType(key.kind)), .leaf("TxnID", QBXMLPlaceholder.id(key))])
        case .delete: return transactionDelete(key)
        case .activeFlag(let active):
            return wrap(
                "CustomerMod",
                [.leaf("ListID", QBXMLPlaceholder.id(key)), .leaf("EditSequence", QBXMLPlaceholder.editSequence(key)), .leaf("IsActive", Self.bool(active))])
        case .customer(let customer): return wrap(change.operation == .update ? "CustomerMod" : "CustomerAdd", self.customer(customer, key: key, mod: change.operation == .update))
        case .item(let item):
            let type = Self.itemType(key: key, item: item)
            let mod = change.operation == .update
            return wrap(type + (mod ? "Mod" : "Add"), self.item(item, key: key, mod: mod))
        case .class(let name): return wrap("ClassAdd", [.leaf("Name", name)])
        case .paymentMethod(let name, let kind):
            return wrap("PaymentMethodAdd", [.leaf("Name", name), .leaf("PaymentMethodType", Self.paymentMethodType(kind))])
        case .account(let name, let type):
            return wrap("AccountAdd", [.leaf("Name", String(name.prefix(31))), .leaf("AccountType", Self.accountType(type))])
        case .invoice(let document):
            return change.operation == .update
                ? wrap("InvoiceMod", modHead(key) + salesBody(document) + lines(document, element: "InvoiceLineMod", mod: true))
                : wrap("InvoiceAdd", salesBody(document) + lines(document, element: "InvoiceLineAdd", mod: false))
        // Desktop's rules book a refund as a credit refund: the mapper never plans a receipt for it.
        case .refundReceipt: return nil
        case .creditMemo(let document):
            return change.operation == .update
                ? wrap("CreditMemoMod", modHead(key) + salesBody(document) + lines(document, element: "CreditMemoLineMod", mod: true))
                : wrap("CreditMemoAdd", salesBody(document) + lines(document, element: "CreditMemoLineAdd", mod: false))
        case .payment(let payment):
            return change.operation == .update
                ? wrap("ReceivePaymentMod", modHead(key) + self.payment(payment, mod: true))
                : wrap("ReceivePaymentAdd", self.payment(payment, mod: false))
        case .creditApplication(let application): return wrap("ReceivePaymentAdd", self.application(application))
        case .creditRefund(let refund): return wrap("ARRefundCreditCardAdd", self.refund(refund))
        }
    }

    /// `<NameRq><Name>children</Name></NameRq>`.
    func wrap(_ name: String, _ children: [XMLTreeElement]) -> XMLTreeElement {
        XMLTreeElement(name + "Rq", children: [XMLTreeElement(name, children: children)])
    }

    private func transactionDelete(_ key: ObjectKey) -> XMLTreeElement {
        XMLTreeElement("TxnDelRq", children: [.leaf("TxnDelType", Self.transactionType(key.kind)), .leaf("TxnID", QBXMLPlaceholder.id(key))])
    }

    /// A Mod's first two elements: the object's id and its current EditSequence.
    func modHead(_ key: ObjectKey) -> [XMLTreeElement] {
        [.leaf(key.kind.isTransaction ? "TxnID" : "ListID", QBXMLPlaceholder.id(key)), .leaf("EditSequence", QBXMLPlaceholder.editSequence(key))]
    }
}

extension DocumentKind {
    /// Whether QuickBooks Desktop keeps objects of this kind as transactions (TxnID), not lists (ListID).
    var isTransaction: Bool {
        switch self {
        case .customer, .item, .class, .paymentMethod, .account: false
        case .invoice, .payment, .creditMemo, .refundReceipt, .creditApplication: true
        }
    }
}
