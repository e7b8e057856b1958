import QBSyncJSON

/// Reads a QuickBooks Online batch item back into a `ReadDocument`: the one place outside the
/// renderer that knows Online's field names (`CustomerRef`, `DocNumber`, `Line`, `TotalAmt`...).
/// It reads what an accountant may have typed too: raw ids, discount and account lines, amounts
/// that are not numbers (reported, with where they are, when `checks` asks for the detail).
public enum OnlineReader {
    /// A batch item (`{"bId": "b1", "operation": "create", "Invoice": {...}}`); `key` is the
    /// object key plan.json gives the item, when known. Nil when the item holds no entity.
    public static func read(item: JSONValue, key: String? = nil, checks: Bool = false) -> ReadDocument? {
        let entities = (item.objectValue ?? [:]).keys.filter { $0 != "bId" && $0 != "operation" }.sorted()
        guard let entity = entities.first, let body = item[entity] else { return nil }
        return read(body, entity: entity, verb: item["operation"]?.stringValue ?? "", key: key, checks: checks)
    }

    /// One entity body, of `entity` (`Invoice`), sent with the batch verb `verb` (`create`).
    public static func read(_ body: JSONValue, entity: String, verb: String, key: String? = nil, checks: Bool = false) -> ReadDocument {
        let isPayment = entity == "Payment"
        let applications = isPayment ? (body["Line"]?.arrayValue ?? []).map(application) : []
        let kind =
            key.flatMap(ObjectKey.init(parsing:))?.kind
            ?? DocumentKind(reviewEntity: entity, appliesCredit: applications.contains { $0.targets.contains { $0.entity == "CreditMemo" } })
        var document = ReadDocument(entity: entity, kind: kind, operation: operation(verb, kind: kind, body: body), key: key)
        document.id = ref(body["Id"])
        document.customer = ref(body["CustomerRef"]?["value"])
        document.number = body["DocNumber"]?.stringValue
        document.reference = body["PaymentRefNum"]?.stringValue
        document.date = body["TxnDate"]?.stringValue
        document.documentClass = ref(body["ClassRef"]?["value"])
        document.totalCents = body["TotalAmt"]?.centsValue
        document.depositAccount = ref(body["DepositToAccountRef"]?["value"])
        document.paymentMethod = ref(body["PaymentMethodRef"]?["value"])
        document.name = body["DisplayName"]?.stringValue ?? body["Name"]?.stringValue
        document.active = body["Active"]?.boolValue
        document.incomeAccount = ref(body["IncomeAccountRef"]?["value"])
        document.applications = applications
        if !isPayment, let lines = body["Line"] { document.lines = (lines.arrayValue ?? []).map(line) }
        if checks { OnlineReaderDetail(entity: entity).collect(body, into: &document) }
        return document
    }

    /// The neutral operation of a batch verb: Online deactivates with a sparse update of
    /// `Active` alone and applies a credit with a payment (`create`) linking a credit memo.
    static func operation(_ verb: String, kind: DocumentKind?, body: JSONValue) -> OperationKind {
        switch verb {
        case "create": return kind == .creditApplication ? .apply : .create
        case "void": return .void
        case "delete": return .delete
        case "link": return .link
        default:
            let substantive = Set(body.objectValue?.keys.map { $0 } ?? []).subtracting(["Id", "SyncToken", "sparse", "Active"])
            return substantive.isEmpty && body["Active"]?.boolValue != nil ? .deactivate : .update
        }
    }

    private static func ref(_ value: JSONValue?) -> ReadReference? {
        value?.stringValue.map(ReadReference.init)
    }

    private static func line(_ line: JSONValue) -> ReadLine {
        let detailType = line["DetailType"]?.stringValue ?? ""
        let detail = line[detailType]
        let posting: ReadLine.Posting =
            switch detailType {
            case "SalesItemLineDetail": .item
            case "DiscountLineDetail": .discount
            case "DepositLineDetail", "AccountBasedExpenseLineDetail", "JournalEntryLineDetail":
                .account(credit: detail?["PostingType"]?.stringValue == "Credit")
            default: .none
            }
        return ReadLine(
            posting: posting, cents: line["Amount"]?.centsValue, item: ref(detail?["ItemRef"]?["value"]),
            lineClass: ref(detail?["ClassRef"]?["value"]),
            account: ref(detail?[posting == .discount ? "DiscountAccountRef" : "AccountRef"]?["value"]),
            quantity: detail?["Qty"].flatMap(Self.number), unitPriceCents: detail?["UnitPrice"]?.centsValue)
    }

    /// A payment's line: an amount and the documents it links (`LinkedTxn`).
    private static func application(_ line: JSONValue) -> ReadApplication {
        ReadApplication(
            cents: line["Amount"]?.centsValue, openBalance: line["Amount"]?.stringValue == OpenBalance.placeholder,
            targets: (line["LinkedTxn"]?.arrayValue ?? []).map { link in
                ReadApplication.Target(
                    entity: link["TxnType"]?.stringValue ?? "Invoice", document: ReadReference(link["TxnId"]?.stringValue ?? ""))
            })
    }

    private static func number(_ value: JSONValue) -> String? {
        if case .number(let text) = value { return text }
        return value.stringValue
    }
}

/// What the hand-edit checks and the leak check read of an Online body besides the books: its
/// texts, its placeholders and its malformed amounts, each with the field path an accountant
/// finds in the file (`Invoice.Line[0].Amount`).
private struct OnlineReaderDetail {
    let entity: String

    func collect(_ body: JSONValue, into document: inout ReadDocument) {
        walk(body, path: entity, member: nil, parent: nil, inAmount: false, into: &document)
    }

    /// Members in name order, depth first: the order the leak check and the old checks used.
    private func walk(_ value: JSONValue, path: String, member: String?, parent: String?, inAmount: Bool, into document: inout ReadDocument) {
        switch value {
        case .string(let text):
            if Placeholder.isResolved(text, member: member, parent: parent) {
                document.placeholders.append(ReadText(path, String(text.dropFirst())))
            } else {
                document.texts.append(ReadText(path, text))
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                walk(element, path: "\(path)[\(index)]", member: member, parent: parent, inAmount: inAmount, into: &document)
            }
        case .object(let members):
            for name in members.keys.sorted() {
                let child = members[name]!
                let field = "\(path).\(name)"
                var bad = false
                if !inAmount, name == "Amount" || name == "TotalAmt", child.centsValue == nil, !isOpenBalance(child, name: name, field: path) {
                    document.badAmounts.append(field)
                    bad = true
                }
                walk(child, path: field, member: name, parent: member, inAmount: inAmount || bad, into: &document)
            }
        default:
            break
        }
    }

    /// The transform's own `@open-balance` where the load settles it: the `Amount` of a line of
    /// a Payment (a credit memo's application), which has no amount until QuickBooks says.
    private func isOpenBalance(_ value: JSONValue, name: String, field: String) -> Bool {
        guard entity == "Payment", name == "Amount", value.stringValue == OpenBalance.placeholder, field.hasPrefix("Payment.Line[")
        else { return false }
        return !field.dropFirst("Payment.Line[".count).contains(".")
    }
}
