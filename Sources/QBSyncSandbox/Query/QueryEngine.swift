import Foundation
import QBSyncJSON

/// Runs a parsed query over the rows of one entity and builds the `QueryResponse`. Like
/// QuickBooks: string comparisons ignore case, a reference field compares its id
/// (`CustomerRef = '12'`), `MetaData` times compare as instants whatever their offset, name
/// lists show only active records unless the query filters on `Active`, and a query returns
/// 100 rows unless `MAXRESULTS` says otherwise (at most the configured 1,000).
enum QueryEngine {
    static func run(
        _ query: Query, entity: String, rows: [JSONValue], knownFields: Set<String>?, isNameList: Bool, maxResultsCap: Int
    ) throws(QBOFault) -> JSONValue {
        let fieldsUsed = query.conditions.map(\.field) + query.orderBy.map(\.field) + (query.fields ?? [])
        if let knownFields {
            for field in fieldsUsed {
                let top = String(field.split(separator: ".").first ?? "")
                guard knownFields.contains(top) || top == "MetaData" else {
                    throw .queryInvalid("property '\(field)' is not queryable on \(entity)")
                }
            }
        }
        var matching = rows.filter { row in query.conditions.allSatisfy { matches(row, $0) } }
        if isNameList && !query.conditions.contains(where: { $0.field == "Active" }) {
            matching = matching.filter { $0["Active"]?.boolValue != false }
        }
        if query.isCount { return ["totalCount": .int(matching.count)] }
        if !query.orderBy.isEmpty {
            matching.sort { left, right in
                for (field, descending) in query.orderBy {
                    let order = ordering(value(left, field), value(right, field))
                    if order != 0 { return descending ? order > 0 : order < 0 }
                }
                return false
            }
        }
        let limit = min(query.maxResults ?? 100, maxResultsCap)
        let page = Array(matching.dropFirst(query.startPosition - 1).prefix(limit))
        guard !page.isEmpty else { return [:] }
        let shaped = page.map { row in query.fields.map { project(row, $0) } ?? row }
        return [entity: .array(shaped), "startPosition": .int(query.startPosition), "maxResults": .int(page.count)]
    }

    /// A row with only the fields asked for (plus its identity), marked sparse.
    private static func project(_ row: JSONValue, _ fields: [String]) -> JSONValue {
        var result: [String: JSONValue] = ["domain": "QBO", "sparse": true]
        for key in ["Id", "SyncToken"] { result[key] = row[key] }
        for field in fields {
            let top = String(field.split(separator: ".").first ?? "")
            if let value = row[top] { result[top] = value }
        }
        return .object(result)
    }

    /// The value at a dotted path; a reference (`{"value":..}`) stands for its id. Field names
    /// must be spelled as QuickBooks spells them (`DisplayName`, not `displayname`).
    private static func value(_ row: JSONValue, _ path: String) -> JSONValue? {
        var current: JSONValue? = row
        for segment in path.split(separator: ".") {
            guard let members = current?.objectValue else { return nil }
            current = members[String(segment)]
        }
        if let reference = current?["value"], current?.objectValue != nil { return reference }
        return current
    }

    private static func matches(_ row: JSONValue, _ condition: Query.Condition) -> Bool {
        switch condition {
        case .compare(let field, let op, let expected):
            guard let actual = value(row, field), let order = compare(actual, expected, field: field) else {
                return op == "!=" && value(row, field) == nil
            }
            switch op {
            case "=": return order == 0
            case "!=": return order != 0
            case "<": return order < 0
            case ">": return order > 0
            case "<=": return order <= 0
            default: return order >= 0
            }
        case .isIn(let field, let values):
            guard let actual = value(row, field) else { return false }
            return values.contains { compare(actual, $0, field: field) == 0 }
        case .like(let field, let pattern):
            guard let text = value(row, field)?.stringValue else { return false }
            return like(text.lowercased(), pattern.lowercased())
        }
    }

    /// `%` matches any run of characters; everything else matches itself.
    private static func like(_ text: String, _ pattern: String) -> Bool {
        let pieces = pattern.components(separatedBy: "%")
        guard pieces.count > 1 else { return text == pattern }
        guard text.hasPrefix(pieces.first!), text.hasSuffix(pieces.last!),
            text.count >= pieces.first!.count + pieces.last!.count
        else { return false }
        var rest = Substring(text.dropFirst(pieces.first!.count).dropLast(pieces.last!.count))
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    /// -1, 0 or 1 comparing a stored value with a query literal; nil when they can't compare.
    private static func compare(_ actual: JSONValue, _ expected: QueryToken, field: String) -> Int? {
        switch (actual, expected) {
        case (.bool(let flag), .word(let word)), (.bool(let flag), .string(let word)):
            guard let wanted = Bool(word.lowercased()) else { return nil }
            return flag == wanted ? 0 : (flag ? 1 : -1)
        case (.number(let number), .number(let literal)), (.number(let number), .string(let literal)):
            return decimalOrder(number, literal)
        case (.string(let text), .string(let literal)), (.string(let text), .number(let literal)):
            if field.hasPrefix("MetaData."), let left = Timestamp.parse(text), let right = Timestamp.parse(literal) {
                return left == right ? 0 : (left < right ? -1 : 1)
            }
            // Ids are numeric strings: `Id > '9'` must not put "10" first. Other text (a
            // DocNumber such as "0042") compares as text.
            let isIdentifier = field == "Id" || field.hasSuffix("Ref") || field.hasSuffix(".value")
            if isIdentifier || expected == .number(literal), let order = decimalOrder(text, literal) { return order }
            let left = text.lowercased()
            let right = literal.lowercased()
            return left == right ? 0 : (left < right ? -1 : 1)
        default:
            return nil
        }
    }

    private static func decimalOrder(_ left: String, _ right: String) -> Int? {
        let posix = Locale(identifier: "en_US_POSIX")
        guard let a = Decimal(string: left, locale: posix), let b = Decimal(string: right, locale: posix) else { return nil }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Sorting order of two stored values: missing first, numbers by value, text ignoring case.
    private static func ordering(_ left: JSONValue?, _ right: JSONValue?) -> Int {
        switch (left, right) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (.number(let a)?, .number(let b)?): return decimalOrder(a, b) ?? 0
        case (.string(let a)?, .string(let b)?):
            if let order = Int(a).flatMap({ x in Int(b).map { y in x == y ? 0 : (x < y ? -1 : 1) } }) { return order }
            return a.lowercased() == b.lowercased() ? 0 : (a.lowercased() < b.lowercased() ? -1 : 1)
        case (.bool(let a)?, .bool(let b)?): return a == b ? 0 : (a ? 1 : -1)
        default: return 0
        }
    }
}
