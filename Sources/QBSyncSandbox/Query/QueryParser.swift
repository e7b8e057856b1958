/// A recursive-descent reader over the tokens of one query.
struct QueryParser {
    private let tokens: [QueryToken]
    private var index = 0

    init(tokens: [QueryToken]) { self.tokens = tokens }

    mutating func parse() throws(QBOFault) -> Query {
        try expect("SELECT")
        var fields: [String]?
        var isCount = false
        if accept(symbol: "*") {
            fields = nil
        } else if peek?.keyword == "COUNT" {
            index += 1
            guard accept(symbol: "("), accept(symbol: "*"), accept(symbol: ")") else { throw unexpected("COUNT(*)") }
            isCount = true
        } else {
            var list = [try word("a field name or *")]
            while accept(symbol: ",") { list.append(try word("a field name")) }
            fields = list
        }
        try expect("FROM")
        var query = Query(entity: try word("an entity name"), fields: fields, isCount: isCount)
        if peek?.keyword == "WHERE" {
            index += 1
            query.conditions.append(try condition())
            while let keyword = peek?.keyword, keyword == "AND" || keyword == "OR" {
                if keyword == "OR" { throw .queryParse("Encountered \"OR\": QuickBooks queries do not support OR") }
                index += 1
                query.conditions.append(try condition())
            }
        }
        if peek?.keyword == "ORDERBY" || (peek?.keyword == "ORDER" && tokens.dropFirst(index + 1).first?.keyword == "BY") {
            index += peek?.keyword == "ORDER" ? 2 : 1
            repeat {
                let field = try word("a field to order by")
                var descending = false
                if peek?.keyword == "DESC" || peek?.keyword == "ASC" {
                    descending = peek?.keyword == "DESC"
                    index += 1
                }
                query.orderBy.append((field, descending))
            } while accept(symbol: ",")
        }
        while let keyword = peek?.keyword, keyword == "STARTPOSITION" || keyword == "MAXRESULTS" {
            index += 1
            guard case .number(let text)? = peek, let number = Int(text), number >= 0 else { throw unexpected("a whole number") }
            index += 1
            if keyword == "STARTPOSITION" { query.startPosition = max(1, number) } else { query.maxResults = number }
        }
        guard index == tokens.count else { throw unexpected("the end of the query") }
        return query
    }

    private mutating func condition() throws(QBOFault) -> Query.Condition {
        let field = try word("a field name")
        guard let token = peek else { throw unexpected("an operator") }
        index += 1
        if token.keyword == "IN" {
            guard accept(symbol: "(") else { throw unexpected("(") }
            var values = [try value()]
            while accept(symbol: ",") { values.append(try value()) }
            guard accept(symbol: ")") else { throw unexpected(")") }
            return .isIn(field: field, values: values)
        }
        if token.keyword == "LIKE" {
            guard case .string(let pattern)? = peek else { throw unexpected("a quoted pattern") }
            index += 1
            return .like(field: field, pattern: pattern)
        }
        guard case .symbol(let op) = token, ["=", "<", ">", "<=", ">=", "!="].contains(op) else {
            index -= 1
            throw unexpected("an operator (=, <, >, <=, >=, IN, LIKE)")
        }
        return .compare(field: field, op: op, value: try value())
    }

    private mutating func value() throws(QBOFault) -> QueryToken {
        guard let token = peek else { throw unexpected("a value") }
        switch token {
        case .string, .number: index += 1; return token
        case .word(let text) where text.lowercased() == "true" || text.lowercased() == "false": index += 1; return token
        default: throw unexpected("a value ('text', a number, true or false)")
        }
    }

    private var peek: QueryToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func accept(symbol: String) -> Bool {
        guard peek == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ keyword: String) throws(QBOFault) {
        guard peek?.keyword == keyword else { throw unexpected(keyword) }
        index += 1
    }

    private mutating func word(_ what: String) throws(QBOFault) -> String {
        guard case .word(let text)? = peek else { throw unexpected(what) }
        index += 1
        return text
    }

    private func unexpected(_ expected: String) -> QBOFault {
        let found: String
        switch peek {
        case .word(let text)?, .number(let text)?, .symbol(let text)?: found = "\"\(text)\""
        case .string(let text)?: found = "'\(text)'"
        case nil: found = "<EOF>"
        }
        return .queryParse("Encountered \(found) at token \(index + 1). Was expecting \(expected)")
    }
}
