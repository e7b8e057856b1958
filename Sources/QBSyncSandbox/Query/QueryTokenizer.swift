/// Splits a QuickBooks query into words, quoted strings, numbers and symbols. Strings are in
/// single quotes with `\'` for a quote inside (QBO's escape; `\\` is a backslash).
enum QueryToken: Equatable {
    case word(String)
    case string(String)
    case number(String)
    case symbol(String)

    /// The word upper-cased, for keyword comparison (keywords are case-insensitive).
    var keyword: String? {
        if case .word(let text) = self { return text.uppercased() }
        return nil
    }
}

enum QueryTokenizer {
    static func tokens(_ text: String) throws(QBOFault) -> [QueryToken] {
        let characters = Array(text)
        var tokens: [QueryToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1])
                        index += 2
                    } else if next == "'" {
                        closed = true
                        index += 1
                        break
                    } else {
                        value.append(next)
                        index += 1
                    }
                }
                guard closed else { throw .queryParse("Lexical error: a quoted string is not closed") }
                tokens.append(.string(value))
            } else if character.isNumber || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                var value = String(character)
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." {
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.number(value))
            } else if character.isLetter || character == "_" {
                var value = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "."
                {
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.word(value))
            } else if "<>!".contains(character), index + 1 < characters.count, characters[index + 1] == "=" {
                tokens.append(.symbol(String(character) + "="))
                index += 2
            } else if "(),*=<>".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else {
                throw .queryParse("Lexical error: unexpected character \"\(character)\" at position \(index + 1)")
            }
        }
        return tokens
    }
}
