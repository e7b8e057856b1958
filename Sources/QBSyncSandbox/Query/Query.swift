/// A parsed `SELECT`, as far as QuickBooks's query language goes: one entity, conditions
/// joined by `AND` only (QBO has no `OR`), `=`, `<`, `>`, `<=`, `>=`, `!=`, `IN (...)`, `LIKE`
/// with `%`, `ORDERBY`, `STARTPOSITION`, `MAXRESULTS`, and `COUNT(*)`.
struct Query: Equatable {
    enum Condition: Equatable {
        case compare(field: String, op: String, value: QueryToken)
        case isIn(field: String, values: [QueryToken])
        case like(field: String, pattern: String)

        var field: String {
            switch self {
            case .compare(let field, _, _), .isIn(let field, _), .like(let field, _): return field
            }
        }
    }

    var entity: String
    /// Nil for `*`; otherwise the fields asked for.
    var fields: [String]?
    var isCount = false
    var conditions: [Condition] = []
    var orderBy: [(field: String, descending: Bool)] = []
    var startPosition = 1
    var maxResults: Int?

    static func == (lhs: Query, rhs: Query) -> Bool {
        lhs.entity == rhs.entity && lhs.fields == rhs.fields && lhs.isCount == rhs.isCount && lhs.conditions == rhs.conditions
            && lhs.orderBy.map(\.field) == rhs.orderBy.map(\.field) && lhs.startPosition == rhs.startPosition
            && lhs.maxResults == rhs.maxResults
    }

    /// Parses the text of a query; 4000 with what went wrong where it does not parse.
    static func parse(_ text: String) throws(QBOFault) -> Query {
        var parser = QueryParser(tokens: try QueryTokenizer.tokens(text))
        return try parser.parse()
    }
}
