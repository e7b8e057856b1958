import Foundation
import QBSyncJSON

/// A fault QuickBooks reported: for a whole request (a top-level `Fault`, or `fault` from the auth
/// gateway) or for one item of a batch. Both casings of every key are accepted, and a body in XML
/// (as throttling answers sometimes are) is read too.
public struct QBOFault: Sendable, Equatable {
    /// One error inside a fault.
    public struct Issue: Sendable, Equatable {
        /// The QuickBooks error code, such as `6240` (a string: some codes have leading zeros).
        public var code: String?
        /// The short message, such as `Duplicate Name Exists Error`.
        public var message: String?
        /// The detail, which often names the field or the conflicting record.
        public var detail: String?
        /// The element the error is about, when QuickBooks says.
        public var element: String?

        /// An issue; every part is optional because QuickBooks omits them freely.
        public init(code: String? = nil, message: String? = nil, detail: String? = nil, element: String? = nil) {
            self.code = code
            self.message = message
            self.detail = detail
            self.element = element
        }
    }

    /// The fault type, such as `ValidationFault`, `SERVICE` or `AUTHENTICATION`.
    public var type: String?
    /// The errors, in the order given.
    public var errors: [Issue]

    /// A fault.
    public init(type: String? = nil, errors: [Issue]) {
        self.type = type
        self.errors = errors
    }

    /// The first error's code.
    public var code: String? { errors.first?.code }
    /// The first error's message.
    public var message: String? { errors.first?.message }
    /// The first error's detail.
    public var detail: String? { errors.first?.detail }
    /// The first error's element.
    public var element: String? { errors.first?.element }

    /// The first error's code as a number (`003001` -> 3001), or nil.
    public var numericCode: Int? { code.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    /// Reads a fault object (the value of a `Fault` or `fault` member).
    public init?(faultObject value: JSONValue) {
        guard case .object = value else { return nil }
        let type = Self.member(value, "type").flatMap(Self.text)
        let errorValue = Self.member(value, "Error")
        let errorObjects: [JSONValue]
        switch errorValue {
        case .array(let elements)?: errorObjects = elements
        case .object?: errorObjects = [errorValue!]
        default: errorObjects = []
        }
        let errors = errorObjects.map { error in
            Issue(
                code: Self.member(error, "code").flatMap(Self.text),
                message: Self.member(error, "Message").flatMap(Self.text),
                detail: Self.member(error, "Detail").flatMap(Self.text),
                element: Self.member(error, "element").flatMap(Self.text))
        }
        guard type != nil || !errors.isEmpty else { return nil }
        self.init(type: type, errors: errors)
    }

    /// The top-level fault of an answer (`Fault` or `fault`), or nil.
    public static func topLevel(in json: JSONValue) -> QBOFault? {
        member(json, "Fault").flatMap(QBOFault.init(faultObject:))
    }

    /// The fault in a raw answer body, JSON or XML, or nil when it holds none or cannot be read.
    public static func parse(body: [UInt8]) -> QBOFault? {
        guard let first = body.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else { return nil }
        if first == UInt8(ascii: "<") { return fromXML(String(decoding: body, as: UTF8.self)) }
        guard let json = try? JSONParser.parse(bytes: body) else { return nil }
        return topLevel(in: json)
    }

    /// The per-item faults of a batch answer, by `bId`: items without a fault are left out.
    public static func batchItemFaults(in json: JSONValue) -> [String: QBOFault] {
        guard let items = member(json, "BatchItemResponse")?.arrayValue else { return [:] }
        var faults: [String: QBOFault] = [:]
        for item in items {
            guard let bID = member(item, "bId").flatMap(text),
                let fault = member(item, "Fault").flatMap(QBOFault.init(faultObject:))
            else { continue }
            faults[bID] = fault
        }
        return faults
    }

    /// This fault with every occurrence of the given credentials replaced by `<redacted>`, in case
    /// a server echoes one back in a message.
    public func redacting(_ secrets: [Secret]) -> QBOFault {
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return self }
        func scrub(_ text: String?) -> String? {
            guard var text else { return nil }
            for secret in secrets { text = text.replacingOccurrences(of: secret.revealed, with: "<redacted>") }
            return text
        }
        return QBOFault(
            type: scrub(type),
            errors: errors.map { Issue(code: scrub($0.code), message: scrub($0.message), detail: scrub($0.detail), element: scrub($0.element)) })
    }

    /// The member `name` of an object, trying the name as given, then lower-cased first letter,
    /// then upper-cased first letter (QuickBooks writes `Message`, the gateway `message`).
    static func member(_ value: JSONValue, _ name: String) -> JSONValue? {
        guard let members = value.objectValue else { return nil }
        if let found = members[name] { return found }
        let lower = name.prefix(1).lowercased() + name.dropFirst()
        if let found = members[lower] { return found }
        return members[name.prefix(1).uppercased() + name.dropFirst()]
    }

    /// A string or number member as text.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let literal): return literal
        default: return nil
        }
    }
}

extension QBOFault: CustomStringConvertible {
    /// `code 6240 (ValidationFault): Duplicate Name Exists Error: The name supplied already exists.`
    public var description: String {
        guard !errors.isEmpty else { return "a \(type ?? "QuickBooks") fault without details" }
        return errors.map { issue in
            var parts: [String] = []
            var head = issue.code.map { "code \($0)" } ?? "no code"
            if let type { head += " (\(type))" }
            parts.append(head)
            if let message = issue.message, !message.isEmpty { parts.append(message) }
            if let detail = issue.detail, !detail.isEmpty, detail != issue.message { parts.append(detail) }
            if let element = issue.element, !element.isEmpty { parts.append("element \(element)") }
            return parts.joined(separator: ": ")
        }.joined(separator: "; ")
    }
}
