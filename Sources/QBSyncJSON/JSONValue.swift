import Foundation

/// A JSON document held exactly as written: numbers keep their literal text, so money such as
/// `1234.50` never passes through floating point, and objects print with sorted keys.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as its JSON literal (`-12`, `1234.5`, `1e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A whole number.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// An amount of money given in integer cents, written with two decimals (`-5` -> `-0.05`).
    public static func cents(_ cents: Int) -> JSONValue { .number(Money.decimalString(cents: cents)) }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let members) = self { return members[key] }
            return nil
        }
        set {
            guard case .object(var members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The string value, or nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number's literal, or nil.
    public var numberLiteral: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// The number as whole cents when it has at most two decimals, or nil.
    public var centsValue: Int? {
        guard case .number(let text) = self else { return nil }
        return Money.cents(fromDecimalString: text)
    }

    /// The number as an integer when it is one, or nil.
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    /// The boolean value, or nil.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements of an array, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object, or nil.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
