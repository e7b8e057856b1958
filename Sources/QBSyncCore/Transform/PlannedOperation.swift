import QBSyncJSON
import QBSyncXML

/// The waves of a load: items in one QuickBooks batch cannot see each other, so what a document
/// refers to is created a wave earlier and its new id carried forward.
public enum Wave: Int, Sendable, CaseIterable, Comparable {
    /// Accounts qbsync creates, classes, payment methods.
    case setup = 1
    /// Customers (patients, payers) and items.
    case names = 2
    /// Invoices, credit memos (and voids of replaced ones).
    case documents = 3
    /// Payments, refunds and write-off applications, which link to documents.
    case settlements = 4
    /// Return credits applied to what is still open once the payments are in.
    case applications = 5
    /// What is left of a return's credit, applied to the refund that paid it out.
    case refundApplications = 6
    /// Customers made inactive last, after their documents are posted.
    case deactivations = 7

    public var label: String {
        switch self {
        case .setup: "setup"
        case .names: "customers-items"
        case .documents: "documents"
        case .settlements: "payments-refunds"
        case .applications: "credit-applications"
        case .refundApplications: "refund-applications"
        case .deactivations: "deactivations"
        }
    }

    public static func < (lhs: Wave, rhs: Wave) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How to find an object in QuickBooks by what identifies it (a DocNumber, a DisplayName, a Name),
/// used after an uncertain outcome and for shared names that may already exist.
public struct Lookup: Sendable, Equatable {
    public var entity: String
    public var field: String
    public var value: String

    /// The QuickBooks query that finds it.
    public var query: String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "select * from \(entity) where \(field) = '\(escaped)'"
    }

    public var json: JSONValue { ["entity": .string(entity), "field": .string(field), "value": .string(value)] }

    init(entity: String, field: String, value: String) {
        self.entity = entity
        self.field = field
        self.value = value
    }

    init?(json: JSONValue?) {
        guard let json, let entity = json["entity"]?.stringValue, let field = json["field"]?.stringValue,
            let value = json["value"]?.stringValue
        else { return nil }
        self.init(entity: entity, field: field, value: value)
    }
}

/// One thing the load will do in QuickBooks for one OMS item.
public struct PlannedOperation: Sendable, Equatable {
    /// The QuickBooks object it creates or changes, e.g. `invoice sale:1042 patient`.
    public var key: String
    /// The OMS item it serves.
    public var ref: String
    /// The QuickBooks entity (`Customer`, `Invoice`...).
    public var entity: String
    /// `create`, `update`, `void`, `delete`; or `link` (no request: the key takes the id of `target`).
    public var operation: String
    /// The entity body with `@role key` placeholders for ids the load fills in.
    public var body: JSONValue
    public var wave: Wave
    /// How to find it in QuickBooks if it may already be there.
    public var lookup: Lookup?
    /// Look it up before creating, and adopt what is found (names shared with the company: accounts,
    /// classes, payment methods, generic items).
    public var adoptExisting: Bool = false
    /// The OMS amount in cents the document must total.
    public var expectedCents: Int?
    /// For `link`: the key whose QuickBooks id this key takes.
    public var target: String?
    /// The document's OMS amount split by account and by class (location), in cents, for the
    /// tie-out in the run summary: `["account": [name: cents], "class": [name: cents]]`.
    public var breakdown: [String: [String: Int]]?
    /// On QuickBooks Desktop: the qbXML request (`InvoiceAddRq`...) without its `requestID`, which
    /// the message set it is written in gives it. `body` then holds its text (`QBXMLBody`).
    public var qbxml: XMLTreeElement?
    /// The payload read back by its edition's reader, when whoever made the operation read it
    /// already (the transform does, on the mapping workers); else `EditionReader.read` reads it.
    public var reading: ReadDocument?

    /// The SHA-256 of what this operation says about the object, ids and sync tokens left out:
    /// equal fingerprints mean nothing QuickBooks holds would change.
    public var fingerprint: String {
        // Desktop's: of the request, in the words the transform compares (`QBXMLFingerprint`).
        if let request = qbxml ?? QBXMLBody.element(body) { return QBXMLFingerprint.of(request) }
        var fields = body
        for key in ["Id", "SyncToken", "sparse"] { fields[key] = nil }
        return SHA256.hex(JSONWriter.prettyData(fields))
    }

    /// The keys this operation's body refers to through placeholders.
    public var references: [String] {
        var keys: [String] = []
        Placeholder.visit(body) { keys.append($0) }
        if let target { keys.append(target) }
        return keys
    }
}

/// `@role key` strings in a planned body, resolved by the load to QuickBooks ids. Only values in
/// id positions (`value` inside a `...Ref`, `TxnId`, `Id`, `SyncToken`) are placeholders, so a
/// memo that happens to start with `@` is never touched.
public enum Placeholder {
    /// `@customer patient:12` for `customer patient:12`.
    public static func id(_ key: String) -> JSONValue { .string("@" + key) }

    /// `@synctoken customer patient:12`: the current SyncToken of that object.
    public static func syncToken(_ key: String) -> JSONValue { .string("@synctoken " + key) }

    /// An account by name: `@account Sales of Product Income`.
    public static func account(_ name: String) -> JSONValue { .string("@account " + name) }

    /// A reference object `{"value": "@key"}`.
    public static func ref(_ key: String) -> JSONValue { ["value": id(key)] }

    static let idKeys: Set<String> = ["TxnId", "Id", "SyncToken"]

    /// Whether `text`, the value of `member` inside `parent`, is a placeholder the load replaces
    /// with a QuickBooks id (so its text never leaves): `@...` in an id position.
    static func isResolved(_ text: String, member: String?, parent: String?) -> Bool {
        guard text.hasPrefix("@"), let member else { return false }
        return idKeys.contains(member) || (member == "value" && (parent?.hasSuffix("Ref") ?? false))
    }

    /// Calls `found` with the key of every placeholder in `body`.
    public static func visit(_ body: JSONValue, _ found: (String) -> Void) {
        _ = map(body) { placeholder in
            found(placeholder)
            return nil
        }
    }

    /// `body` with each placeholder replaced by `resolve(key)` (left as is when nil).
    public static func map(_ body: JSONValue, _ resolve: (String) -> String?) -> JSONValue {
        map(body, parentKey: nil, resolve)
    }

    private static func map(_ value: JSONValue, parentKey: String?, _ resolve: (String) -> String?) -> JSONValue {
        switch value {
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (name, member) in members {
                if case .string(let text) = member, isResolved(text, member: name, parent: parentKey) {
                    out[name] = resolve(String(text.dropFirst())).map(JSONValue.string) ?? member
                } else {
                    out[name] = map(member, parentKey: name, resolve)
                }
            }
            return .object(out)
        case .array(let elements):
            return .array(elements.map { map($0, parentKey: parentKey, resolve) })
        default:
            return value
        }
    }
}
