import QBSyncJSON

/// Matches the documents QuickBooks holds to the OMS records they were posted for, through the
/// marker each carries, giving each the ledger key the mappers use (`invoice sale:12 patient`,
/// `payment payment:7`...). Two live documents for one key are a duplicate: the first posted
/// (lowest id) is kept and the rest reported. A voided document counts only when no live one
/// has its key (a sale voided in the OMS keeps its voided invoice).
struct DocumentMatcher {
    let oms: OMSHoldings
    /// The rules the documents were numbered by (a Desktop number may be a short code).
    var rules: EditionRules = .online

    /// A document with the key it was posted under and the customer key it must be made out to.
    struct Match {
        var key: String
        var customerKey: String?
        var document: BooksDocument
        /// The ledger item it belongs to: the marker's record, or an opening balance's customer.
        var ref: String
    }

    /// The kept match per key; duplicates and documents nothing matches go into `map`.
    func match(_ documents: [BooksDocument], into map: inout ReintegrationMap) -> [Match] {
        var byKey: [String: [Match]] = [:]
        for document in documents {
            guard let marker = document.marker else { continue }
            switch key(of: document, marker: marker) {
            case .success(let match): byKey[match.key, default: []].append(match)
            case .failure(let reason):
                map.unmatched.append(
                    .init(entity: document.kind.rawValue, id: document.id, number: document.number, marker: marker.description, reason: reason.text))
            }
        }
        var kept: [Match] = []
        for key in byKey.keys.sorted() {
            let matches = byKey[key]!.sorted { Self.idOrder($0.document.id, $1.document.id) }
            let live = matches.filter(\.document.live)
            let chosen = live.first ?? matches[0]
            if live.count > 1 {
                map.duplicates.append(
                    .init(key: key, marker: chosen.document.marker?.description ?? "", keptID: chosen.document.id, otherIDs: live.dropFirst().map(\.document.id)))
            }
            kept.append(chosen)
            let document = chosen.document
            map.map(
                QBOObject(
                    key: key, ref: chosen.ref, qboType: document.kind.rawValue, qboID: document.id,
                    syncToken: document.syncToken, docNumber: document.kind == .payment ? nil : document.number,
                    totalCents: document.totalCents, active: document.live))
            if document.kind != .payment, let number = document.number {
                map.numbers.append(.init(docType: document.kind.rawValue, key: key, number: number))
            }
        }
        return kept
    }

    struct Reason: Error { var text: String }

    /// The ledger key of a marked document, or why it has none.
    private func key(of document: BooksDocument, marker: BooksMarker) -> Result<Match, Reason> {
        let ref = marker.ref
        guard let row = oms.record(ref) else { return .failure(Reason(text: "the OMS has no \(ref)")) }
        let expected: BooksDocumentKind
        let key: String
        var payer: Int?
        var customer: String?
        switch (ref.entity, marker.role) {
        case ("sale", .document):
            expected = .invoice
            switch saleBillTo(document, sale: row) {
            case .success(let billTo): payer = billTo
            case .failure(let reason): return .failure(reason)
            }
            key = "invoice \(ref) \(payer.map { "payer:\($0)" } ?? "patient")"
        case ("payment", .document): (expected, key) = (.payment, "payment \(ref)")
        case ("return", .document), ("write_off", .document): (expected, key) = (.creditMemo, "creditmemo \(ref)")
        case ("refund", .document): (expected, key) = (.refundReceipt, "refundreceipt \(ref)")
        case ("refund", .clearing): (expected, key) = (.invoice, "invoice \(ref) clearing")
        case ("return", .application), ("write_off", .application), ("refund", .application):
            (expected, key) = (.payment, "application \(ref)")
        case ("sale", .openingBalance):
            guard let patient = row["patient_id"]?.intValue else { return .failure(Reason(text: "\(ref) names no patient")) }
            (expected, key, customer) = (.invoice, ObjectKey.openingBalance(.patient(patient)).description, "patient:\(patient)")
        case ("payer", .openingBalance):
            (expected, key, customer) = (.invoice, ObjectKey.openingBalance(.payer(ref.id)).description, ref.description)
        default: return .failure(Reason(text: "qbsync posts no such document for \(ref)"))
        }
        guard document.kind == expected else {
            return .failure(Reason(text: "qbsync posts \(ref) as \(expected.rawValue), not \(document.kind.rawValue)"))
        }
        if let customer {
            return .success(Match(key: key, customerKey: "customer \(customer)", document: document, ref: customer))
        }
        return .success(Match(key: key, customerKey: oms.customerKey(of: ref, payerInvoice: payer), document: document, ref: ref.description))
    }

    /// Whom an invoice of a sale bills: the patient (nil) or a third party. The number tells
    /// (`1042` for the patient, `1042-T3` for payer 3); a number shortened with a `~` code does
    /// not, and then a sale billed to nobody else is the patient's.
    private func saleBillTo(_ document: BooksDocument, sale: JSONValue) -> Result<Int?, Reason> {
        let number = sale["number"]?.stringValue ?? ""
        var payers: Set<Int> = []
        for line in sale["lines"]?.arrayValue ?? [] {
            for allocation in line["allocations"]?.arrayValue ?? [] {
                if let payer = allocation["payer_id"]?.intValue { payers.insert(payer) }
            }
        }
        let docNumber = document.number ?? ""
        if docNumber == rules.docNumberCandidate(number, attempt: 0, scope: "Invoice") { return .success(nil) }
        for payer in payers.sorted() where docNumber == rules.docNumberCandidate(number + "-T\(payer)", attempt: 0, scope: "Invoice") {
            return .success(payer)
        }
        // A payer billed on an earlier version of the sale, since taken off it.
        if let range = docNumber.range(of: "-T", options: .backwards), let payer = Int(docNumber[range.upperBound...]),
            rules.docNumberCandidate(number + "-T\(payer)", attempt: 0, scope: "Invoice") == docNumber {
            return .success(payer)
        }
        if payers.isEmpty { return .success(nil) }
        return .failure(Reason(text: "its number \(docNumber) does not say whether it bills the patient or a third party"))
    }

    /// QuickBooks ids are numbers written as text: `9` comes before `10`.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        if let x = Int(a), let y = Int(b) { return x < y }
        return a < b
    }
}
