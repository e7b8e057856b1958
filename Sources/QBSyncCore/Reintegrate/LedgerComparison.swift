/// For a ledger that did not get lost: where its map and QuickBooks disagree. A document the
/// ledger does not know, a key mapped to another QuickBooks object than the one carrying its
/// marker, a document the ledger maps that QuickBooks no longer has, a pseudonym other than the
/// one QuickBooks shows. Each line names keys, ids and pseudonyms only.
struct LedgerComparison {
    let ledger: Ledger
    let map: ReintegrationMap
    /// Every document QuickBooks holds.
    let documents: [BooksDocument]

    static let documentTypes: Set<String> = Set(BooksDocumentKind.allCases.map(\.rawValue))
    /// What only qbsync's own posting puts in QuickBooks under a key: documents and customers.
    static let postedTypes: Set<String> = documentTypes.union(["Customer"])

    func differences() throws -> [String] {
        var lines: [String] = []
        let known = try ledger.allQBOObjects()
        for object in map.objects.values.sorted(by: { $0.key < $1.key }) {
            guard let mapped = known[object.key] else {
                // A class, item, payment method or account found by name that no run has used yet
                // is one the load adopts by name when a run needs it: nothing is missing.
                guard Self.postedTypes.contains(object.qboType) else { continue }
                lines.append("\(object.key): QuickBooks holds it (\(object.qboType) \(object.qboID)), the ledger does not know it")
                continue
            }
            if mapped.qboID != object.qboID {
                lines.append("\(object.key): the ledger maps \(mapped.qboType) \(mapped.qboID), QuickBooks's marked one is \(object.qboType) \(object.qboID)")
            }
        }
        let held = Set(documents.map { "\($0.kind.rawValue) \($0.id)" })
        for object in known.values.sorted(by: { $0.key < $1.key })
        where Self.documentTypes.contains(object.qboType) && object.active && !held.contains("\(object.qboType) \(object.qboID)") {
            lines.append("\(object.key): the ledger maps \(object.qboType) \(object.qboID), which QuickBooks no longer holds")
        }
        for (patient, code) in map.pseudonyms.sorted(by: { $0.key < $1.key }) {
            if let kept = try ledger.existingPseudonym(patientID: patient), kept != code {
                lines.append("customer patient:\(patient): the ledger's pseudonym is \(kept), QuickBooks shows \(code)")
            }
        }
        return lines
    }
}
