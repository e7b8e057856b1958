/// The qbXML 13.0 content models the Desktop sandbox enforces, written as the schema's own
/// sequences and choices (qbd-api.md section 4), so one element out of place fails the set.
indirect enum QBXMLParticle: Sendable {
    /// An element: its name, how often it may occur, what it holds and the attributes it takes.
    case element(String, QBXMLOccurs, QBXMLContent, attributes: [String])
    /// One of several sequences (`A | B`); an alternative that may be empty makes the choice optional.
    case choice([[QBXMLParticle]], QBXMLOccurs)

    /// The element names that may start this particle.
    var firstNames: Set<String> {
        switch self {
        case .element(let name, _, _, _): return [name]
        case .choice(let alternatives, _): return alternatives.reduce(into: []) { $0.formUnion(Self.firstNames($1)) }
        }
    }

    var occurs: QBXMLOccurs {
        switch self {
        case .element(_, let occurs, _, _), .choice(_, let occurs): return occurs
        }
    }

    /// The names that may start a sequence: those of its leading optional particles and of the
    /// first required one.
    static func firstNames(_ sequence: [QBXMLParticle]) -> Set<String> {
        var names: Set<String> = []
        for particle in sequence {
            names.formUnion(particle.firstNames)
            if particle.occurs.isRequired && !particle.isNullable { break }
        }
        return names
    }

    /// Whether a sequence may match no element at all.
    static func isNullable(_ sequence: [QBXMLParticle]) -> Bool {
        sequence.allSatisfy { !$0.occurs.isRequired || $0.isNullable }
    }

    private var isNullable: Bool {
        if case .choice(let alternatives, _) = self { return alternatives.contains(where: Self.isNullable) }
        return false
    }
}

/// `?`, `*`, `+` or exactly once.
enum QBXMLOccurs: Sendable {
    case one, optional, many, some

    var isRequired: Bool { self == .one || self == .some }
    var isRepeatable: Bool { self == .many || self == .some }
}

/// What an element holds.
indirect enum QBXMLContent: Sendable {
    /// Character data of a simple type.
    case value(QBXMLValueType)
    /// Child elements in this sequence.
    case sequence([QBXMLParticle])
    /// Anything: parts of the schema qbsync never sends and the sandbox does not interpret.
    case opaque
}

/// The simple types whose form the request processor checks before anything runs. A string's
/// length is not one of them: an over-long string fails its own request (3070), not the set.
enum QBXMLValueType: Sendable, Equatable {
    case string(Int)
    case id
    case editSequence
    case amount
    case price
    case quantity
    case percent
    case integer
    case boolean
    case date
    case dateTime
    case guid
    case enumeration([String])

    /// Whether `text` has this type's form.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .string, .id, .editSequence: return true
        case .amount: return Self.matches(text, integerDigits: 13, decimals: [0, 2])
        case .price, .quantity, .percent: return Self.matches(text, integerDigits: 10, decimals: Array(0...5))
        case .integer: return !text.isEmpty && Int(text) != nil
        case .boolean: return text == "true" || text == "false"
        case .date: return Timestamp.isDate(text)
        case .dateTime: return Timestamp.isDate(String(text.prefix(10)))
        case .guid: return text == "0" || Self.isGUID(text)
        case .enumeration(let values): return values.contains(text)
        }
    }

    /// The length limit of a string-like value, if any.
    var maximumLength: Int? {
        switch self {
        case .string(let limit): return limit
        case .id: return 36
        case .editSequence: return 16
        default: return nil
        }
    }

    private static func matches(_ text: String, integerDigits: Int, decimals: [Int]) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, (1...integerDigits).contains(whole.count),
            whole.allSatisfy(\.isASCIIDigit)
        else { return false }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty else { return false }
        return decimals.contains(fraction.count) && fraction.allSatisfy(\.isASCIIDigit)
    }

    private static func isGUID(_ text: String) -> Bool {
        let groups = [8, 4, 4, 4, 12]
        guard text.first == "{", text.last == "}" else { return false }
        let parts = text.dropFirst().dropLast().split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 5 && zip(parts, groups).allSatisfy { $0.count == $1 && $0.allSatisfy(\.isHexDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
