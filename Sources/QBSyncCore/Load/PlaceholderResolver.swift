import QBSyncJSON

/// Turns placeholders into QuickBooks ids: objects from the ledger (written as each wave's
/// answers arrive), version tokens from the ledger, accounts by name through the edition's
/// lookups (cached in the ledger, because QuickBooks meters queries). Where a placeholder sits
/// in a body, and how it is written, is the edition's; what it stands for is the same for all.
struct PlaceholderResolver {
    let ledger: Ledger
    let edition: any BooksEdition
    private var accounts: [String: String?] = [:]

    init(ledger: Ledger, edition: any BooksEdition) {
        self.ledger = ledger
        self.edition = edition
    }

    /// `body` resolved, or the first key that could not be resolved.
    mutating func resolve(_ body: JSONValue) async throws -> Result<JSONValue, UnresolvedReference> {
        var values: [String: String] = [:]
        for key in edition.placeholders(in: body) where values[key] == nil {
            guard let value = try await value(for: key) else { return .failure(UnresolvedReference(key: key)) }
            values[key] = value
        }
        return .success(edition.fill(body, with: values))
    }

    private mutating func value(for key: String) async throws -> String? {
        if key.hasPrefix("synctoken ") {
            return try ledger.booksObject(String(key.dropFirst("synctoken ".count)))?.versionToken
        }
        if key.hasPrefix("account ") {
            return try await accountID(String(key.dropFirst("account ".count)))
        }
        return try ledger.booksObject(key)?.remoteID
    }

    private mutating func accountID(_ name: String) async throws -> String? {
        if let cached = accounts[name] { return cached }
        var id = try ledger.booksObject("account \(name)")?.remoteID ?? ledger.lookup("Account", name: name, edition: edition.edition)
        if id == nil {
            let lookup = edition.accountLookup(name: name)
            let found = try await edition.find([lookup])[lookup.foundKey] ?? []
            if let account = found.first(where: \.active) {
                try ledger.saveLookup("Account", name: name, id: account.id, edition: edition.edition)
                id = account.id
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
