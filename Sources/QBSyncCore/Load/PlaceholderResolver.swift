import QBSyncJSON

/// Turns `@role key` placeholders into QuickBooks ids: objects from the ledger (written as each
/// wave's answers arrive), accounts by name through the query API (cached in the ledger,
/// because QuickBooks meters queries).
struct PlaceholderResolver {
    let ledger: Ledger
    let api: QuickBooksAPI
    private var accounts: [String: String?] = [:]

    init(ledger: Ledger, api: QuickBooksAPI) {
        self.ledger = ledger
        self.api = api
    }

    /// `body` resolved, or the first key that could not be resolved.
    mutating func resolve(_ body: JSONValue) async throws -> Result<JSONValue, UnresolvedReference> {
        var keys: [String] = []
        Placeholder.visit(body) { keys.append($0) }
        var values: [String: String] = [:]
        for key in keys where values[key] == nil {
            guard let value = try await value(for: key) else { return .failure(UnresolvedReference(key: key)) }
            values[key] = value
        }
        return .success(Placeholder.map(body) { values[$0] })
    }

    private mutating func value(for key: String) async throws -> String? {
        if key.hasPrefix("synctoken ") {
            return try ledger.qboObject(String(key.dropFirst("synctoken ".count)))?.syncToken
        }
        if key.hasPrefix("account ") {
            return try await accountID(String(key.dropFirst("account ".count)))
        }
        return try ledger.qboObject(key)?.qboID
    }

    private mutating func accountID(_ name: String) async throws -> String? {
        if let cached = accounts[name] { return cached }
        var id = try ledger.qboObject("account \(name)")?.qboID ?? ledger.lookup("Account", name: name)
        if id == nil {
            let found = try await api.query(Lookup(entity: "Account", field: "Name", value: name).query)
            if let account = found.first(where: { $0["Active"]?.boolValue != false }), let accountID = account["Id"]?.stringValue {
                try ledger.saveLookup("Account", name: name, id: accountID)
                id = accountID
            }
        }
        accounts[name] = id
        return id
    }
}

/// A placeholder whose object is not in QuickBooks.
struct UnresolvedReference: Error, Equatable {
    var key: String

    /// A reason naming what is missing and what to do.
    func message(for ref: String) -> String {
        if key.hasPrefix("account ") {
            let name = key.dropFirst("account ".count)
            return "\(ref): the account \"\(name)\" is not in QuickBooks (or is inactive). Create or reactivate it there, or map another account in the pipeline file's [accounts]; then 'qbsync retry \(ref)'."
        }
        let owner = key.split(separator: " ").dropFirst().first.map(String.init) ?? key
        return "\(ref) needs \(owner) in QuickBooks first, and it is not there: see 'qbsync show \(owner)'."
    }
}
