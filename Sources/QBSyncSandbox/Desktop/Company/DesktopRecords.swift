import QBSyncXML

/// A field as it was sent, kept in the company's files and given back in `…Ret` answers: the
/// element tree of an Add or Mod minus what the company models itself (names, references,
/// amounts). Codable, unlike `XMLTreeElement`.
struct DesktopField: Codable, Equatable, Sendable {
    var name: String
    var text: String
    var children: [DesktopField]

    init(_ element: XMLTreeElement) {
        name = element.name
        text = element.text
        children = element.children.map(DesktopField.init)
    }

    init(name: String, text: String) {
        self.name = name
        self.text = text
        children = []
    }

    var element: XMLTreeElement {
        XMLTreeElement(name, children: children.map(\.element), text: text)
    }
}

/// One entry of a list: a customer (or vendor, employee, other name), an item, a class, a
/// payment method or an account.
struct DesktopListEntry: Codable, Equatable, Sendable {
    /// `Customer`, `Vendor`, `Employee`, `OtherName`, `ItemService`, `ItemNonInventory`,
    /// `ItemOtherCharge`, `Class`, `PaymentMethod`, `Account`.
    var kind: String
    var listID: String
    var name: String
    var parentID: String?
    var isActive: Bool
    var editSequence: String
    var timeCreated: String
    var timeModified: String
    /// `AccountType`, `PaymentMethodType` and the like, and every other field as sent.
    var fields: [DesktopField]

    func field(_ name: String) -> DesktopField? { fields.first { $0.name == name } }

    /// Puts `field` in place of the one with its name (an empty leaf clears it).
    mutating func set(_ field: DesktopField) {
        let clears = field.children.isEmpty && field.text.isEmpty
        if let index = fields.firstIndex(where: { $0.name == field.name }) {
            if clears { fields.remove(at: index) } else { fields[index] = field }
        } else if !clears {
            fields.append(field)
        }
    }
}

/// One line of an invoice or credit memo.
struct DesktopSaleLine: Codable, Equatable, Sendable {
    var txnLineID: String
    var itemID: String?
    var classID: String?
    var quantity: String?
    var rate: String?
    var amountCents: Int
    /// Desc, ServiceDate, SalesTaxCodeRef and the rest, as sent.
    var fields: [DesktopField]
}

/// A credit memo applied to an invoice (`SetCredit`), by the invoice itself or by a payment.
struct DesktopCreditUse: Codable, Equatable, Sendable {
    var creditTxnID: String
    var amountCents: Int
}

/// An invoice or a credit memo.
struct DesktopSaleDocument: Codable, Equatable, Sendable {
    /// `Invoice` or `CreditMemo`.
    var kind: String
    var txnID: String
    var txnNumber: Int
    var editSequence: String
    var timeCreated: String
    var timeModified: String
    var customerID: String
    var classID: String?
    var arAccountID: String
    var txnDate: String
    var refNumber: String?
    var memo: String?
    var lines: [DesktopSaleLine]
    /// DiscountLineAdd (as a negative), SalesTaxLineAdd and ShippingLineAdd amounts.
    var otherLinesCents: Int
    /// Credit memos an invoice applies itself (InvoiceAdd/Mod `SetCredit`).
    var credits: [DesktopCreditUse]
    var isVoid: Bool
    /// The other header fields, as sent.
    var fields: [DesktopField]

    /// The document's total: lines plus discount, tax and shipping lines; 0 once voided.
    var totalCents: Int { isVoid ? 0 : lines.reduce(otherLinesCents) { $0 + $1.amountCents } }
}

/// One invoice a payment pays.
struct DesktopApplication: Codable, Equatable, Sendable {
    var invoiceTxnID: String
    var paymentCents: Int
    var credits: [DesktopCreditUse]
    var discountCents: Int
    var discountAccountID: String?
    var discountClassID: String?
}

/// A received payment.
struct DesktopPayment: Codable, Equatable, Sendable {
    var txnID: String
    var txnNumber: Int
    var editSequence: String
    var timeCreated: String
    var timeModified: String
    var customerID: String
    var arAccountID: String
    var txnDate: String
    var refNumber: String?
    var totalCents: Int
    var paymentMethodID: String?
    var memo: String?
    var depositToID: String
    /// Returned in every answer, a marker a lookup can confirm (no query filters on it).
    var externalGUID: String? = nil
    var applications: [DesktopApplication]
}

/// A credit card refund of a credit memo's or a payment's unused credit.
struct DesktopRefund: Codable, Equatable, Sendable {
    struct Link: Codable, Equatable, Sendable {
        var txnID: String
        var amountCents: Int
    }

    var txnID: String
    var txnNumber: Int
    var editSequence: String
    var timeCreated: String
    var timeModified: String
    var customerID: String
    var refundFromID: String
    var arAccountID: String
    var txnDate: String
    var refNumber: String?
    var paymentMethodID: String?
    var memo: String?
    var links: [Link]
    var isVoid: Bool
    var externalGUID: String? = nil

    var totalCents: Int { isVoid ? 0 : links.reduce(0) { $0 + $1.amountCents } }
}
