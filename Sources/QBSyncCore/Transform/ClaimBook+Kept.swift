extension ClaimBook {
    /// What a chunk's keys held in the ledger before its first claim, and which of their first
    /// candidates were taken then; and what the chunk's own claims touched and handed out since,
    /// so that an answer they may have changed is asked of the ledger again instead.
    struct Kept {
        private let ledger: Ledger
        /// Namespace -> key -> the name kept and the source it was made from.
        private var names: [String: [String: (name: String, source: String)]] = [:]
        /// Scope -> key -> the number kept.
        private var numbers: [String: [String: String]] = [:]
        /// Namespace (or scope) -> the first candidates already taken.
        private var takenNames: [String: Set<String>] = [:]
        private var takenNumbers: [String: Set<String>] = [:]
        /// Keys claimed in this chunk, and values it handed out (names folded as SQLite's NOCASE folds).
        private var touched: Set<String> = []
        private var handedOut: Set<String> = []

        init(_ wanted: [Wanted], book: ClaimBook) throws {
            ledger = book.ledger
            var nameKeys: [String: [String]] = [:]
            var nameFirsts: [String: [String]] = [:]
            var numberKeys: [String: [String]] = [:]
            var numberFirsts: [String: [String]] = [:]
            for request in wanted {
                switch request {
                case .name(let namespace, let key, let source):
                    nameKeys[namespace.rawValue, default: []].append(key.description)
                    nameFirsts[namespace.rawValue, default: []].append(book.nameCandidate(namespace, source, 0))
                case .number(let scope, let key, let base):
                    numberKeys[scope, default: []].append(key.description)
                    numberFirsts[scope, default: []].append(book.rules.docNumberCandidate(base, attempt: 0, scope: scope))
                }
            }
            for (namespace, keys) in nameKeys {
                names[namespace] = try ledger.keptNames(namespace: namespace, keys: keys)
                takenNames[namespace] = try ledger.takenNames(namespace: namespace, among: nameFirsts[namespace] ?? [])
            }
            for (scope, keys) in numberKeys {
                numbers[scope] = try ledger.keptDocNumbers(docType: scope, keys: keys)
                takenNumbers[scope] = try ledger.takenDocNumbers(docType: scope, among: numberFirsts[scope] ?? [])
            }
        }

        /// The name for `key`: the kept one if its source is the same, `first` if it was free and
        /// still is, else what `otherwise` (the ledger's own claim) gives.
        mutating func name(
            _ namespace: ClaimRequest.NameSpace, key: ObjectKey, source: String, first: String, otherwise: () throws -> String
        ) throws -> String {
            let scope = namespace.rawValue
            let id = "n|\(scope)|\(key)"
            let fresh = !touched.contains(id)
            let value: String
            if fresh, let kept = names[scope]?[key.description] {
                value = kept.source == source ? kept.name : try otherwise()
            } else if fresh, takenNames[scope]?.contains(first) == false, !handedOut.contains("n|\(scope)|" + Self.folded(first)) {
                try ledger.recordName(namespace: scope, key: key.description, name: first, source: source)
                value = first
            } else {
                value = try otherwise()
            }
            touched.insert(id)
            handedOut.insert("n|\(scope)|" + Self.folded(value))
            return value
        }

        /// The number for `key`: the kept one, `first` if it was free and still is, else what
        /// `otherwise` gives.
        mutating func number(_ scope: String, key: ObjectKey, first: String, otherwise: () throws -> String) throws -> String {
            let id = "d|\(scope)|\(key)"
            let fresh = !touched.contains(id)
            let value: String
            if fresh, let kept = numbers[scope]?[key.description] {
                value = kept
            } else if fresh, takenNumbers[scope]?.contains(first) == false, !handedOut.contains("d|\(scope)|" + first) {
                try ledger.recordDocNumber(docType: scope, key: key.description, number: first)
                value = first
            } else {
                value = try otherwise()
            }
            touched.insert(id)
            handedOut.insert("d|\(scope)|" + value)
            return value
        }

        /// `text` with ASCII letters in lower case, as SQLite's NOCASE compares.
        private static func folded(_ text: String) -> String {
            String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
    }
}
