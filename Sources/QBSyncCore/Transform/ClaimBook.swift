/// Claims a chunk's unique names, pseudonyms and document numbers from the ledger, in record
/// order, at the chunk's edge: the one place the mapping writes to the ledger. A key keeps what
/// it was given once (a name is claimed anew only when its OMS source changed), and candidates
/// come from the edition's rules, so every name and number fits the QuickBooks it goes to.
struct ClaimBook {
    let ledger: Ledger
    let rules: EditionRules
    /// The prefix of a redacted patient's name (`Patient` in `Patient K7QM-2XH4`).
    let patientPrefix: String

    /// Claims every request, in order, and returns what each key was given.
    func claim(_ requests: [ClaimRequest]) throws -> Claims {
        var claims = Claims()
        for request in requests {
            switch request {
            case .name(let namespace, let key, let source):
                claims.names[key] = try uniqueName(namespace, key: key, source: source)
            case .pseudonymousName(let key, let patientID):
                let preferred = Pseudonym.displayName(prefix: patientPrefix, code: try ledger.pseudonym(patientID: patientID))
                claims.names[key] = try uniqueName(.customer, key: key, source: preferred)
            case .docNumber(let kind, let key, let base):
                claims.docNumbers[key] = try ledger.docNumber(docType: Self.numberScope(kind), key: key.description) {
                    rules.docNumberCandidate(base, attempt: $0, scope: Self.numberScope(kind))
                }
            }
        }
        return claims
    }

    private func uniqueName(_ namespace: ClaimRequest.NameSpace, key: ObjectKey, source: String) throws -> String {
        try ledger.uniqueName(namespace: namespace.rawValue, key: key.description, source: source) {
            rules.nameCandidate(source, attempt: $0, limit: namespace == .item ? rules.itemNameLength : nil)
        }
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
