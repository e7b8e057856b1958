import QBSyncJSON

/// The four things a client can do to an object (create, update, delete, void) and reading
/// one back. Each validates against the state as the request sees it, then stores, stamps
/// `Id`/`SyncToken`/`MetaData` and recomputes the balances the change touches.
extension CompanyState {
    mutating func create(_ kind: EntityKind, _ input: JSONValue) throws(QBOFault) -> JSONValue {
        var fields = try Self.requestFields(kind, input)
        for key in kind.readOnlyFields { fields[key] = nil }
        let prepared = try prepare(kind, fields, existing: nil)
        return finish(kind, prepared, id: allocateId(kind), existing: nil)
    }

    /// A full update (omitted writable fields are cleared) or, with `"sparse": true`, a merge
    /// of only the fields sent. `Line` is always replaced whole, as in QuickBooks.
    mutating func update(_ kind: EntityKind, _ input: JSONValue) throws(QBOFault) -> JSONValue {
        let fields = try Self.requestFields(kind, input)
        let (id, current) = try currentObject(kind, fields)
        if isVoid(kind, id) { throw .business("A voided transaction can't be changed.") }
        if !kind.isNameList { try checkOpenPeriod(current["TxnDate"]?.stringValue) }
        var merged = fields["sparse"]?.boolValue == true ? current.objectValue ?? [:] : [:]
        for (key, value) in fields { merged[key] = value }
        for key in kind.readOnlyFields { merged[key] = nil }
        let prepared = try prepare(kind, merged, existing: current)
        return finish(kind, prepared, id: id, existing: current)
    }

    /// Deletes a transaction. Name lists are never deleted: clients make them inactive.
    mutating func delete(_ kind: EntityKind, _ input: JSONValue) throws(QBOFault) -> JSONValue {
        if kind.isNameList { throw .unsupportedOperation("Delete", entity: kind.rawValue) }
        let (id, current) = try currentObject(kind, try Self.requestFields(kind, input))
        try checkOpenPeriod(current["TxnDate"]?.stringValue)
        try refuseWhenApplied(kind, current, action: "delete")
        remove(kind, id)
        if let customer = current["CustomerRef"]?["value"]?.stringValue { refreshBalances(customer: customer) }
        return ["Id": .string(String(id)), "status": "Deleted", "domain": "QBO"]
    }

    /// Voids a transaction: it stays, numbered, with every amount zero and "Voided" in its note.
    mutating func void(_ kind: EntityKind, _ input: JSONValue) throws(QBOFault) -> JSONValue {
        if kind.isNameList { throw .unsupportedOperation("Void", entity: kind.rawValue) }
        let (id, current) = try currentObject(kind, try Self.requestFields(kind, input))
        if isVoid(kind, id) { return current }
        try checkOpenPeriod(current["TxnDate"]?.stringValue)
        try refuseWhenApplied(kind, current, action: "void")
        var fields = current.objectValue ?? [:]
        fields["Line"] = .array((fields["Line"]?.arrayValue ?? []).map { line in
            var zeroed = line
            zeroed["Amount"] = .cents(0)
            return zeroed
        })
        for key in ["TotalAmt", "Balance", "RemainingCredit", "UnappliedAmt"] where fields[key] != nil { fields[key] = .cents(0) }
        let note = fields["PrivateNote"]?.stringValue ?? ""
        fields["PrivateNote"] = .string(note.isEmpty ? "Voided" : "Voided - \(note)")
        voided[kind, default: []].insert(id)
        return finish(kind, fields, id: id, existing: current)
    }

    /// One object by id, as `GET {entity}/{id}` answers it.
    func read(_ kind: EntityKind, _ idText: String) throws(QBOFault) -> JSONValue {
        switch resolve(kind, idText) {
        case .active(let object), .inactive(let object): return object
        case .missing, .deleted: throw .objectNotFound(kind.rawValue, idText)
        }
    }

    private static func requestFields(_ kind: EntityKind, _ input: JSONValue) throws(QBOFault) -> [String: JSONValue] {
        guard let fields = input.objectValue else { throw .invalidProperty("\(kind.rawValue) must be a JSON object") }
        try checkKnownFields(kind, fields)
        return fields
    }

    /// The stored object an update, delete or void names, checking `Id` and `SyncToken`.
    private func currentObject(_ kind: EntityKind, _ fields: [String: JSONValue]) throws(QBOFault) -> (Int, JSONValue) {
        guard let idText = fields["Id"]?.stringValue, !idText.isEmpty else { throw .required("Id") }
        guard let id = Int(idText), let current = object(kind, id), isVisible(kind, id) else {
            throw .objectNotFound(kind.rawValue, idText)
        }
        guard let token = fields["SyncToken"]?.stringValue else { throw .required("SyncToken") }
        let currentToken = current["SyncToken"]?.stringValue ?? "0"
        guard token == currentToken else { throw .stale(kind.rawValue, current: currentToken) }
        return (id, current)
    }

    /// QuickBooks refuses to delete or void an invoice or credit memo that payments still use.
    private func refuseWhenApplied(_ kind: EntityKind, _ current: JSONValue, action: String) throws(QBOFault) {
        let balanceKey = kind == .invoice ? "Balance" : kind == .creditMemo ? "RemainingCredit" : nil
        guard let balanceKey, Self.appliedAmount(of: current, balanceKey: balanceKey) > 0 else { return }
        throw .business(
            "You can't \(action) this \(kind.rawValue) because payments are applied to it "
                + "(\(current["LinkedTxn"]?.arrayValue?.count ?? 0) linked). Delete or void those payments first.",
            element: "LinkedTxn")
    }

    private func prepare(_ kind: EntityKind, _ fields: [String: JSONValue], existing: JSONValue?) throws(QBOFault) -> [String: JSONValue] {
        switch kind {
        case .customer: return try prepareCustomer(fields, existing: existing)
        case .item: return try prepareItem(fields, existing: existing)
        case .classification: return try prepareClass(fields, existing: existing)
        case .paymentMethod: return try preparePaymentMethod(fields, existing: existing)
        case .account: return try prepareAccount(fields, existing: existing)
        case .invoice, .creditMemo, .refundReceipt: return try prepareSalesDocument(kind, fields, existing: existing)
        case .payment: return try preparePayment(fields, existing: existing)
        }
    }

    /// Stamps and stores the prepared fields, then recomputes the balances of the customers
    /// the old and new versions belong to.
    private mutating func finish(_ kind: EntityKind, _ prepared: [String: JSONValue], id: Int, existing: JSONValue?) -> JSONValue {
        var object = prepared.filter { $0.value != .null }
        let stamp = JSONValue.string(Timestamp.metaData(now))
        object["Id"] = .string(String(id))
        object["SyncToken"] = .string(existing.map { String((Int($0["SyncToken"]?.stringValue ?? "0") ?? 0) + 1) } ?? "0")
        object["MetaData"] = ["CreateTime": existing?["MetaData"]?["CreateTime"] ?? stamp, "LastUpdatedTime": stamp]
        object["domain"] = "QBO"
        object["sparse"] = false
        store(kind, .object(object))
        if !kind.isNameList {
            let customers = Set([existing?["CustomerRef"]?["value"]?.stringValue, object["CustomerRef"]?["value"]?.stringValue].compactMap { $0 })
            for customer in customers.sorted() { refreshBalances(customer: customer) }
        }
        return self.object(kind, id)!
    }
}
