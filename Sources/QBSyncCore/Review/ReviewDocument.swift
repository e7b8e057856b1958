import QBSyncJSON

/// One document the load would post (an invoice, a payment, a void...), read the way an
/// accountant reads it: names instead of ids, money in integer cents.
public struct ReviewDocument: Sendable, Equatable {
    /// What the load does with it.
    public enum Status: String, Sendable {
        /// Created in QuickBooks.
        case new
        /// An existing document changed.
        case change
        /// An existing document voided or deleted.
        case void
        /// Already in QuickBooks per the ledger (posted by an earlier load of this run): the load skips it.
        case already
    }

    /// `Invoice`, `Credit memo`, `Payment`, `Invoice void`...
    public var kind: String
    /// The QuickBooks entity (`Invoice`).
    public var entity: String
    public var operation: String
    public var status: Status
    /// The QuickBooks object key (`invoice sale:12 patient`).
    public var key: String
    /// The OMS item it serves (`sale:12`).
    public var ref: String
    /// The batch file and item that carry it (`batches/0003.json`, `b7`).
    public var batch: String
    public var bId: String
    public var docNumber: String?
    /// The customer's object key (`customer patient:12`), `id:58` for a raw QuickBooks id, nil when none.
    public var customerKey: String?
    /// The customer as QuickBooks will show it (a pseudonym for a patient when redaction is on).
    public var customer: String
    /// `TxnDate`; nil when the body has none (QuickBooks then dates it the day it is posted).
    public var date: String?
    /// What the document totals in the batch file; nil for voids and deletes.
    public var cents: Int?
    /// +1, or -1 for documents that take money back (credit memos, refunds), for account and class totals.
    public var sign: Int
    public var lines: [ReviewLine]
    /// The OMS amount the document must total (plan.json), when known.
    public var expectedCents: Int?
    /// For a void: the voided document's total per the ledger.
    public var voidedCents: Int?
    /// Codes of the warnings about this document.
    public var warnings: [String] = []

    /// The distinct classes of its lines, in order.
    public var classes: [String] { Self.distinct(lines.compactMap(\.className)) }
    /// The distinct income or deposit accounts of its lines, in order.
    public var accounts: [String] { Self.distinct(lines.map(\.account)) }

    private static func distinct(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// How a warning names it: `Invoice 1042 (sale:12, Patient K7QM-2XH4, 2026-10-14, 1,234.00)`.
    public var label: String {
        var parts = [ref]
        if !customer.isEmpty { parts.append(customer) }
        if let date { parts.append(date) }
        if let cents { parts.append(ReviewFormat.money(cents)) }
        return "\(kind)\(docNumber.map { " " + $0 } ?? "") (\(parts.joined(separator: ", ")))"
    }

    /// Every text of `json`, with the path the leak check's walk of it gives (`.lines[1].item`),
    /// in the order of that walk with members sorted by name; none is in an id position. The
    /// review's last phase checks a million documents this way without making their JSON.
    func forEachText(_ body: (_ text: String, _ path: () -> String) -> Void) {
        func each(_ values: [String], _ member: String) {
            for (index, value) in values.enumerated() { body(value) { ".\(member)[\(index)]" } }
        }
        each(accounts, "accounts")
        body(bId) { ".bId" }
        body(batch) { ".batch" }
        each(classes, "classes")
        body(customer) { ".customer" }
        if let customerKey { body(customerKey) { ".customer_key" } }
        if let date { body(date) { ".date" } }
        if let docNumber { body(docNumber) { ".doc_number" } }
        body(entity) { ".entity" }
        body(key) { ".key" }
        body(kind) { ".kind" }
        for (index, line) in lines.enumerated() {
            body(line.account) { ".lines[\(index)].account" }
            if let className = line.className { body(className) { ".lines[\(index)].class" } }
            if let item = line.item { body(item) { ".lines[\(index)].item" } }
        }
        body(operation) { ".operation" }
        body(ref) { ".ref" }
        body(status.rawValue) { ".status" }
        each(warnings, "warnings")
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind), "entity": .string(entity), "operation": .string(operation), "status": .string(status.rawValue),
            "key": .string(key), "ref": .string(ref), "batch": .string(batch), "bId": .string(bId),
            "customer": .string(customer), "classes": .array(classes.map(JSONValue.string)),
            "accounts": .array(accounts.map(JSONValue.string)), "lines": .array(lines.map(\.json)),
            "warnings": .array(warnings.map(JSONValue.string)),
        ]
        if let docNumber { object["doc_number"] = .string(docNumber) }
        if let customerKey { object["customer_key"] = .string(customerKey) }
        if let date { object["date"] = .string(date) }
        if let cents { object["amount"] = .cents(cents) }
        if let expectedCents { object["oms_amount"] = .cents(expectedCents) }
        if let voidedCents { object["voided_amount"] = .cents(voidedCents) }
        return .object(object)
    }
}

/// One line of a document: what it posts, to which account and class.
public struct ReviewLine: Sendable, Equatable {
    public var cents: Int
    /// The income account (through the line's item), or the deposit account of a payment.
    public var account: String
    /// The class (a clinic location); nil for lines that carry none by nature (a payment's deposit).
    public var className: String?
    /// The item as QuickBooks names it, when the line has one.
    public var item: String?

    public var json: JSONValue {
        var object: [String: JSONValue] = ["amount": .cents(cents), "account": .string(account)]
        if let className { object["class"] = .string(className) }
        if let item { object["item"] = .string(item) }
        return .object(object)
    }
}

/// A change to a list the documents rely on: a customer, an item, a class, an account.
public struct ReviewChange: Sendable, Equatable {
    public var entity: String
    /// `new`, `change`, `made inactive`...
    public var action: String
    public var key: String
    public var ref: String
    /// The name QuickBooks will show.
    public var name: String

    public var json: JSONValue {
        ["entity": .string(entity), "action": .string(action), "key": .string(key), "ref": .string(ref), "name": .string(name)]
    }
}

/// Something worth an accountant's eye before approving.
public struct ReviewWarning: Sendable, Equatable {
    /// `zero-or-negative`, `unusually-large`, `closed-period`, `far-from-run-date`, `overpayment`,
    /// `duplicate-in-quickbooks`, `duplicate-in-run`, `fallback`, `differs-from-oms`,
    /// `unknown-reference`, `unvalidated-edit`, `not-mapped`.
    public var code: String
    /// The OMS item it is about, when one.
    public var ref: String?
    /// The QuickBooks object key it is about, when one.
    public var key: String?
    public var message: String

    public var json: JSONValue {
        var object: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let ref { object["ref"] = .string(ref) }
        if let key { object["key"] = .string(key) }
        return .object(object)
    }
}

/// One row of a totals table: how many documents (or lines) and how much.
public struct ReviewTotal: Sendable, Equatable {
    /// What the row totals: a kind, an account, a class, a day, a customer.
    public var name: String
    /// For the tables by day and by customer: the document kind.
    public var kind: String?
    public var count: Int
    public var cents: Int

    public var json: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "count": .int(count), "amount": .cents(cents)]
        if let kind { object["kind"] = .string(kind) }
        return .object(object)
    }
}
