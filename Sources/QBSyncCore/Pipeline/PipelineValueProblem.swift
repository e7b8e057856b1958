import Foundation
import TOMLKit

/// Says, in the words of the pipeline file, why a setting could not be read: which setting, what
/// kind of value it takes and what the file gives instead (`quickbooks.batch_size must be a whole
/// number, not the text "x"`), where the TOML decoder would say `A "Int" does not exist at
/// "batch_size" in the TOML table`.
enum PipelineValueProblem {
    /// The reason for `error`, met while decoding the pipeline file `text`.
    static func describe(_ error: DecodingError, text: String) -> String {
        let context: DecodingError.Context
        var expected: String?
        switch error {
        case .typeMismatch(let type, let found), .valueNotFound(let type, let found):
            context = found
            expected = kind(of: "\(type)")
        case .keyNotFound(_, let found):
            // The decoder reports a value of the wrong kind as a key not found, naming the
            // kind it wanted in its message ("A \"Int\" does not exist at ...").
            context = found
            expected = quotedType(in: found.debugDescription).flatMap(kind(of:))
        case .dataCorrupted(let found):
            context = found
        @unknown default:
            return "\(error)"
        }
        let setting = name(context.codingPath)
        guard let table = try? TOMLTable(string: text), let given = value(at: context.codingPath, in: table) else {
            return "\(setting) is missing: add it (pipelines/default.toml shows each setting)"
        }
        return "\(setting) must be \(expected ?? "another kind of value"), not \(describe(given)) (pipelines/default.toml shows each setting)"
    }

    /// `quickbooks.batch_size`, `accounts.deposit_rules[0].account`.
    static func name(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { name, key in
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += (name.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }

    /// A Swift type's name as a person writing TOML would say it.
    private static func kind(of type: String) -> String? {
        switch type {
        case "Int": "a whole number (written without quotes, such as 30)"
        case "Bool": "true or false (without quotes)"
        case "String": "text in double quotes"
        case "Double": "a number"
        case "Array<String>": "a list of texts in double quotes, such as [\"a\", \"b\"]"
        case "Dictionary<String, String>": "a table of texts in double quotes"
        default: nil
        }
    }

    private static func quotedType(in message: String) -> String? {
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        return parts.count > 2 ? String(parts[1]) : nil
    }

    /// The value the file gives at `path`, if there is one.
    private static func value(at path: [any CodingKey], in table: TOMLTable) -> TOMLValueConvertible? {
        var current: TOMLValueConvertible = table
        for key in path {
            if let index = key.intValue {
                guard let array = current.array, index < array.count else { return nil }
                current = array[index]
            } else {
                guard let next = current.table?[key.stringValue] else { return nil }
                current = next
            }
        }
        return current
    }

    private static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "the text \"\(value.string ?? "")\""
        case .int: "the whole number \(value.int.map(String.init) ?? "")"
        case .double: "the number \(value.double.map { "\($0)" } ?? "")"
        case .bool: "\(value.bool == true ? "true" : "false")"
        case .array: "a list"
        case .table: "a table"
        default: "a \(value.type)"
        }
    }
}
