import QBSyncJSON

/// Payments and the money they move. A payment's lines apply amounts to the customer's own
/// open invoices (reducing `Balance`) and credit memos (reducing `RemainingCredit`); invoice
/// lines minus credit-memo lines may not exceed `TotalAmt`, and the rest stays on the customer
/// as `UnappliedAmt`. A zero payment linking an invoice and a credit memo is how QuickBooks
/// applies a credit. Derived balances are recomputed per customer after every change.
extension CompanyState {
    private static let paymentLineFields: Set<String> = ["Id", "Amount", "LinkedTxn", "LineEx", "LineNum"]

    func preparePayment(_ input: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        var fields = input
        let customer = try reference(fields["CustomerRef"], to: .customer, element: "CustomerRef", required: true)!
        fields["CustomerRef"] = customer
        let total = try Self.cents(fields["TotalAmt"], "TotalAmt", required: true)!
        guard total >= 0 else { throw .business("A payment amount can't be negative.", element: "TotalAmt") }
        fields["TotalAmt"] = .cents(total)
        let txnDate = try Self.date(fields, "TxnDate") ?? existing?["TxnDate"]?.stringValue ?? Timestamp.date(now)
        try checkOpenPeriod(txnDate)
        fields["TxnDate"] = .string(txnDate)
        _ = try Self.text(fields, "PrivateNote", max: 4000)
        _ = try Self.text(fields, "PaymentRefNum", max: 21)
        fields["PaymentMethodRef"] = try reference(fields["PaymentMethodRef"], to: .paymentMethod, element: "PaymentMethodRef")
        fields["ARAccountRef"] = try reference(fields["ARAccountRef"], to: .account, element: "ARAccountRef")
        if let deposit = try reference(fields["DepositToAccountRef"], to: .account, element: "DepositToAccountRef") {
            try checkAssetAccount(deposit, element: "DepositToAccountRef")
            fields["DepositToAccountRef"] = deposit
        } else if let undeposited = idHoldingName(.account, "Undeposited Funds") {
            fields["DepositToAccountRef"] = ["value": .string(String(undeposited)), "name": "Undeposited Funds"]
        }

        let previous = Self.applications(of: existing)
        var applied: [Key: Int] = [:]
        var lines: [JSONValue] = []
        for raw in fields["Line"]?.arrayValue ?? [] {
            guard var line = raw.objectValue else { throw .invalidProperty("Line", element: "Line") }
            for key in line.keys.sorted() where !Self.paymentLineFields.contains(key) {
                throw .invalidProperty("Unrecognized field \"\(key)\" (class com.intuit.schema.finance.v3.Line)", element: "Line.\(key)")
            }
            let amount = try Self.cents(line["Amount"], "Line.Amount", required: true)!
            guard amount >= 0 else { throw .business("A payment line amount can't be negative.", element: "Line.Amount") }
            guard let links = line["LinkedTxn"]?.arrayValue, links.count == 1 else {
                throw .business("Each payment line must link exactly one transaction (LinkedTxn).", element: "Line.LinkedTxn")
            }
            let key = try linkedDocument(links[0], customer: customer["value"]!.stringValue!)
            applied[key, default: 0] += amount
            line["Amount"] = .cents(amount)
            line["LinkedTxn"] = [["TxnId": .string(String(key.id)), "TxnType": .string(key.kind.rawValue)]]
            lines.append(.object(line))
        }
        var invoices = 0
        var credits = 0
        for (key, amount) in applied.sorted(by: { $0.key < $1.key }) {
            let document = object(key.kind, key.id)!
            let balanceKey = key.kind == .invoice ? "Balance" : "RemainingCredit"
            let open = (document[balanceKey]?.centsValue ?? 0) + (previous[key] ?? 0)
            if amount > open {
                throw .business(
                    "The amount applied to \(key.kind.rawValue) \(key.id) (\(Money.decimalString(cents: amount))) is more "
                        + "than its open \(key.kind == .invoice ? "balance" : "credit") (\(Money.decimalString(cents: open))).",
                    element: "Line.Amount")
            }
            if key.kind == .invoice { invoices += amount } else { credits += amount }
        }
        guard invoices - credits <= total else {
            throw .business(
                "The amount applied to invoices less credits (\(Money.decimalString(cents: invoices - credits))) is more than "
                    + "the payment amount (\(Money.decimalString(cents: total))).", element: "TotalAmt")
        }
        guard credits <= invoices else {
            throw .business("The credits applied are more than the invoices they are applied to.", element: "Line")
        }
        fields["Line"] = .array(lines)
        fields["UnappliedAmt"] = .cents(total - (invoices - credits))
        return fields
    }

    /// Checks one `LinkedTxn` of a payment line and returns the document it points at.
    private func linkedDocument(_ link: JSONValue, customer: String) throws(QBOFault) -> Key {
        guard let idText = link["TxnId"]?.stringValue, !idText.isEmpty else { throw .required("Line.LinkedTxn.TxnId") }
        guard let typeText = link["TxnType"]?.stringValue else { throw .required("Line.LinkedTxn.TxnType") }
        guard let kind = EntityKind(rawValue: typeText), kind == .invoice || kind == .creditMemo else {
            throw .cannotLink("A payment can be linked to an Invoice or a CreditMemo here, not to \(typeText).")
        }
        switch resolve(kind, idText) {
        case .missing: throw .invalidReference(kind.rawValue, idText, element: "Line.LinkedTxn.TxnId")
        case .deleted, .inactive: throw .inactiveReference(element: "Line.LinkedTxn.TxnId")
        case .active(let document):
            let id = Int(idText)!
            if isVoid(kind, id) { throw .cannotLink("\(kind.rawValue) \(idText) is void and can't be linked to a payment.") }
            if document["CustomerRef"]?["value"]?.stringValue != customer {
                throw .business("\(kind.rawValue) \(idText) belongs to another customer than the payment.", element: "Line.LinkedTxn")
            }
            return Key(kind: kind, id: id)
        }
    }

    /// What a stored payment applies to each document.
    static func applications(of payment: JSONValue?) -> [Key: Int] {
        var result: [Key: Int] = [:]
        for line in payment?["Line"]?.arrayValue ?? [] {
            guard let link = line["LinkedTxn"]?.arrayValue?.first, let id = link["TxnId"]?.stringValue.flatMap(Int.init),
                let kind = link["TxnType"]?.stringValue.flatMap(EntityKind.init(rawValue:))
            else { continue }
            result[Key(kind: kind, id: id), default: 0] += line["Amount"]?.centsValue ?? 0
        }
        return result
    }

    /// Recomputes what payments change for one customer: each invoice's `Balance` and
    /// `LinkedTxn`, each credit memo's `RemainingCredit`, and the customer's `Balance` (open
    /// invoices less unapplied payments and open credits). A document whose numbers change
    /// gets a new `SyncToken`, as in QuickBooks, so a client holding an old one is told.
    mutating func refreshBalances(customer: String) {
        let documents = documents(ofCustomer: customer)
        var applied: [Key: Int] = [:]
        var linkedPayments: [Key: [Int]] = [:]
        for key in documents where key.kind == .payment {
            for (target, amount) in Self.applications(of: object(.payment, key.id)) where amount > 0 {
                applied[target, default: 0] += amount
                linkedPayments[target, default: []].append(key.id)
            }
        }
        var balance = 0
        for key in documents {
            guard var document = object(key.kind, key.id) else { continue }
            let original = document
            let total = document["TotalAmt"]?.centsValue ?? 0
            let open = isVoid(key.kind, key.id) ? 0 : total - (applied[key] ?? 0)
            let links: JSONValue? =
                linkedPayments[key].map { ids in .array(ids.sorted().map { ["TxnId": .string(String($0)), "TxnType": "Payment"] }) }
            switch key.kind {
            case .invoice:
                document["Balance"] = .cents(open)
                document["LinkedTxn"] = links
                balance += open
            case .creditMemo:
                document["RemainingCredit"] = .cents(open)
                document["Balance"] = .cents(open)
                document["LinkedTxn"] = links
                balance -= open
            case .payment:
                balance -= document["UnappliedAmt"]?.centsValue ?? 0
            default:
                continue
            }
            if document != original {
                document["SyncToken"] = .string(String((Int(document["SyncToken"]?.stringValue ?? "0") ?? 0) + 1))
                document["MetaData"]?["LastUpdatedTime"] = .string(Timestamp.metaData(now))
                store(key.kind, document)
            }
        }
        guard let id = Int(customer), var record = object(.customer, id) else { return }
        let before = record
        record["Balance"] = .cents(balance)
        record["BalanceWithJobs"] = .cents(balance)
        if record != before { store(.customer, record) }
    }
}
