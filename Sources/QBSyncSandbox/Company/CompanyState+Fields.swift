import Foundation
import QBSyncJSON

/// Reading typed fields out of a request object, refusing what QuickBooks refuses: wrong JSON
/// types (2010), missing values (2020), over-long text (2050), money with more than two
/// decimals, references to ids that do not exist (2500) or are inactive or deleted (610).
extension CompanyState {
    /// A text field, checked for length and, for names, for `:`, tab and newline.
    static func text(
        _ fields: [String: JSONValue], _ key: String, max: Int, required: Bool = false, isName: Bool = false,
        element: String? = nil
    ) throws(QBOFault) -> String? {
        let label = element ?? key
        guard let value = fields[key], value != .null else {
            if required { throw .required(label) }
            return nil
        }
        guard let text = value.stringValue else { throw .invalidProperty(label, element: label) }
        if required && text.trimmingCharacters(in: .whitespaces).isEmpty { throw .required(label) }
        if text.count > max { throw .tooLong(label, max: max, supplied: text.count) }
        if isName && text.contains(where: { $0 == ":" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            throw .invalidCharacters(label)
        }
        return text
    }

    /// A boolean field.
    static func flag(_ fields: [String: JSONValue], _ key: String) throws(QBOFault) -> Bool? {
        guard let value = fields[key], value != .null else { return nil }
        guard let flag = value.boolValue else { throw .invalidProperty(key, element: key) }
        return flag
    }

    /// An amount of money in cents: a JSON number with at most two decimals.
    static func cents(_ value: JSONValue?, _ label: String, required: Bool = false) throws(QBOFault) -> Int? {
        guard let value, value != .null else {
            if required { throw .required(label) }
            return nil
        }
        guard let literal = value.numberLiteral else { throw .invalidProperty(label, element: label) }
        guard let cents = Money.cents(fromDecimalString: literal) else {
            throw .business("\(label) \(literal) has more than 2 decimal places or is not a plain decimal.", element: label)
        }
        guard cents.magnitude < 1_000_000_000_000_000 else { throw .business("\(label) is too large.", element: label) }
        return cents
    }

    /// A quantity or unit price: any plain decimal number, kept exact.
    static func decimal(_ value: JSONValue?, _ label: String) throws(QBOFault) -> Decimal? {
        guard let value, value != .null else { return nil }
        guard let literal = value.numberLiteral, !literal.contains("e"), !literal.contains("E"),
            let number = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX"))
        else { throw .invalidProperty(label, element: label) }
        return number
    }

    /// A `YYYY-MM-DD` date.
    static func date(_ fields: [String: JSONValue], _ key: String, required: Bool = false) throws(QBOFault) -> String? {
        guard let value = fields[key], value != .null else {
            if required { throw .required(key) }
            return nil
        }
        guard let text = value.stringValue, Timestamp.isDate(text) else {
            throw .invalidProperty("\(key) (a date must be written YYYY-MM-DD)", element: key)
        }
        return text
    }

    /// Checks a reference (`{"value":"12"}`) to `kind` and returns it with the referenced
    /// record's name filled in, as QuickBooks answers it.
    func reference(
        _ value: JSONValue?, to kind: EntityKind, element: String, required: Bool = false
    ) throws(QBOFault) -> JSONValue? {
        guard let value, value != .null else {
            if required { throw .required(element) }
            return nil
        }
        guard let id = value["value"]?.stringValue, !id.isEmpty else {
            if value.objectValue != nil { throw .required("\(element).value") }
            throw .invalidProperty(element, element: element)
        }
        switch resolve(kind, id) {
        case .active(let object):
            guard let name = CompanyState.displayName(kind, object) else { return ["value": .string(id)] }
            return ["value": .string(id), "name": .string(name)]
        case .inactive, .deleted:
            throw .inactiveReference(element: element)
        case .missing:
            throw .invalidReference(CompanyState.referenceLabel(kind), id, element: element)
        }
    }

    /// How QuickBooks names a referenced list in its 2500 detail.
    static func referenceLabel(_ kind: EntityKind) -> String {
        switch kind {
        case .customer: return "Names"
        case .account: return "Accounts"
        default: return kind.rawValue
        }
    }

    /// The name shown in a reference to the object.
    static func displayName(_ kind: EntityKind, _ object: JSONValue) -> String? {
        switch kind {
        case .customer: return object["DisplayName"]?.stringValue
        case .account, .item, .classification: return object["FullyQualifiedName"]?.stringValue ?? object["Name"]?.stringValue
        case .paymentMethod: return object["Name"]?.stringValue
        default: return nil
        }
    }

    /// Refuses fields QuickBooks does not know for this entity (2010).
    static func checkKnownFields(_ kind: EntityKind, _ fields: [String: JSONValue]) throws(QBOFault) {
        let known = kind.writableFields.union(kind.readOnlyFields)
        for key in fields.keys.sorted() where !known.contains(key) {
            throw .invalidProperty(
                "Unrecognized field \"\(key)\" (class com.intuit.schema.finance.v3.\(kind.rawValue)), not marked as ignorable",
                element: key)
        }
    }
}
