/// Claims a chunk's unique names, pseudonyms and document numbers from the ledger, in record
/// order, at the chunk's edge: the one place the mapping writes to the ledger. A key keeps what
/// it was given once (a name is claimed anew only when its OMS source changed), and candidates
/// come from the edition's rules, so every name and number fits the QuickBooks it goes to.
///
/// What the chunk's keys already hold, and which of their first candidates are taken, is read
/// up front in one statement a table (`ClaimBook.Kept`); a claim that those answers settle costs
/// no statement (a kept name) or one insert (a free first candidate), and any other claim goes
/// to the ledger one at a time, exactly as if nothing had been read ahead.
struct ClaimBook {
    let ledger: Ledger
    let rules: EditionRules
    /// The prefix of a redacted patient's name (`Patient` in `Patient K7QM-2XH4`).
    let patientPrefix: String

    /// Claims every request, in order, and returns what each key was given.
    func claim(_ requests: [ClaimRequest]) throws -> Claims {
        // Pseudonyms first (another table, so their order against the names does not matter):
        // a redacted patient's name is made from its code.
        let patients = requests.compactMap { if case .pseudonymousName(_, let id) = $0 { id } else { nil } }
        var codes = try ledger.keptPseudonyms(patientIDs: patients)
        for id in patients where codes[id] == nil { codes[id] = try ledger.newPseudonym(patientID: id) }
        let wanted = requests.map { request -> Wanted in
            switch request {
            case .name(let namespace, let key, let source): .name(namespace, key, source)
            case .pseudonymousName(let key, let id): .name(.customer, key, Pseudonym.displayName(prefix: patientPrefix, code: codes[id]!))
            case .docNumber(let kind, let key, let base): .number(Self.numberScope(kind), key, base)
            }
        }
        var kept = try Kept(wanted, book: self)
        var claims = Claims()
        for request in wanted {
            switch request {
            case .name(let namespace, let key, let source):
                claims.names[key] = try kept.name(namespace, key: key, source: source, first: nameCandidate(namespace, source, 0)) {
                    try uniqueName(namespace, key: key, source: source)
                }
            case .number(let scope, let key, let base):
                claims.docNumbers[key] = try kept.number(scope, key: key, first: rules.docNumberCandidate(base, attempt: 0, scope: scope)) {
                    try ledger.docNumber(docType: scope, key: key.description) { rules.docNumberCandidate(base, attempt: $0, scope: scope) }
                }
            }
        }
        return claims
    }

    /// A request with its source known.
    enum Wanted {
        case name(ClaimRequest.NameSpace, ObjectKey, String)
        case number(String, ObjectKey, String)
    }

    func nameCandidate(_ namespace: ClaimRequest.NameSpace, _ source: String, _ attempt: Int) -> String {
        rules.nameCandidate(source, attempt: attempt, limit: namespace == .item ? rules.itemNameLength : nil)
    }

    private func uniqueName(_ namespace: ClaimRequest.NameSpace, key: ObjectKey, source: String) throws -> String {
        try ledger.uniqueName(namespace: namespace.rawValue, key: key.description, source: source) { nameCandidate(namespace, source, $0) }
    }

    /// The ledger keeps document numbers unique per kind, under the names its first tables used.
    static func numberScope(_ kind: DocumentKind) -> String {
        switch kind {
        case .invoice: "Invoice"
        case .creditMemo: "CreditMemo"
        case .refundReceipt: "RefundReceipt"
        case .payment, .creditApplication: "Payment"
        case .customer: "Customer"
        case .item: "Item"
        case .class: "Class"
        case .paymentMethod: "PaymentMethod"
        case .account: "Account"
        }
    }
}
