import QBSyncXML

extension DesktopBooks {
    /// Every `…Ret` a query matches, in QuickBooks's order (lists by name, transactions by
    /// number); `MaxReturned` and iterators are applied by the caller.
    func query(_ request: XMLTreeElement, kind: QBXMLSchema.Request) throws -> [XMLTreeElement] {
        let rets: [XMLTreeElement]
        switch kind.wrapper {
        case "CustomerQueryRq": rets = listQuery(request, kinds: ["Customer"])
        case "ItemQueryRq": rets = listQuery(request, kinds: DesktopCompanyState.itemKinds)
        case "ClassQueryRq": rets = listQuery(request, kinds: ["Class"])
        case "PaymentMethodQueryRq": rets = listQuery(request, kinds: ["PaymentMethod"])
        case "AccountQueryRq": rets = listQuery(request, kinds: ["Account"])
        case "InvoiceQueryRq": rets = saleQuery(request, kind: "Invoice")
        case "CreditMemoQueryRq": rets = saleQuery(request, kind: "CreditMemo")
        case "ReceivePaymentQueryRq":
            rets = state.payments.filter { transactionMatches(request, txnID: $0.txnID, number: $0.refNumber,
                customerID: $0.customerID, accountID: $0.arAccountID, date: $0.txnDate, modified: $0.timeModified) }
                .map(paymentRet)
        case "ARRefundCreditCardQueryRq":
            rets = state.refunds.filter { transactionMatches(request, txnID: $0.txnID, number: $0.refNumber,
                customerID: $0.customerID, accountID: $0.arAccountID, date: $0.txnDate, modified: $0.timeModified) }
                .map(refundRet)
        case "HostQueryRq": rets = [DesktopHostAnswers.hostRet()]
        case "CompanyQueryRq": rets = [DesktopHostAnswers.companyRet(state)]
        case "PreferencesQueryRq": rets = [DesktopHostAnswers.preferencesRet(state)]
        default: throw DesktopStatus.error(1030, "The request \(kind.wrapper) is not supported.")
        }
        return rets
    }

    private func listQuery(_ request: XMLTreeElement, kinds: Set<String>) -> [XMLTreeElement] {
        let ids = request.children(named: "ListID").map(\.text)
        let names = request.children(named: "FullName").map { $0.text.lowercased() }
        var entries = state.lists.filter { kinds.contains($0.kind) }
        if !ids.isEmpty {
            entries = ids.compactMap { id in entries.first { $0.listID == id } }
        } else if !names.isEmpty {
            entries = names.compactMap { name in entries.first { state.fullName($0).lowercased() == name } }
        } else {
            switch request.text(of: "ActiveStatus") ?? "ActiveOnly" {
            case "ActiveOnly": entries = entries.filter(\.isActive)
            case "InactiveOnly": entries = entries.filter { !$0.isActive }
            default: break
            }
            if let from = request.text(of: "FromModifiedDate") { entries = entries.filter { $0.timeModified >= from } }
            if let to = request.text(of: "ToModifiedDate") { entries = entries.filter { $0.timeModified <= to } }
            if let filter = request.child("NameFilter") {
                let name = (filter.text(of: "Name") ?? "").lowercased()
                let criterion = filter.text(of: "MatchCriterion") ?? "StartsWith"
                entries = entries.filter { Self.matches(state.fullName($0).lowercased(), name, criterion) }
            }
            if let range = request.child("NameRangeFilter") {
                let from = range.text(of: "FromName")?.lowercased()
                let to = range.text(of: "ToName")?.lowercased()
                entries = entries.filter {
                    let name = state.fullName($0).lowercased()
                    return (from.map { name >= $0 } ?? true) && (to.map { name <= $0 } ?? true)
                }
            }
            let types = Set(request.children(named: "AccountType").map(\.text) + request.children(named: "PaymentMethodType").map(\.text))
            if !types.isEmpty {
                entries = entries.filter { entry in
                    types.contains(entry.field("AccountType")?.text ?? entry.field("PaymentMethodType")?.text ?? "")
                }
            }
            entries.sort { state.fullName($0).lowercased() < state.fullName($1).lowercased() }
        }
        return entries.map(listRet)
    }

    private func saleQuery(_ request: XMLTreeElement, kind: String) -> [XMLTreeElement] {
        let lines = request.text(of: "IncludeLineItems") == "true"
        let linked = request.text(of: "IncludeLinkedTxns") == "true"
        var documents = state.sales.filter {
            $0.kind == kind
                && transactionMatches(request, txnID: $0.txnID, number: $0.refNumber, customerID: $0.customerID,
                    accountID: $0.arAccountID, date: $0.txnDate, modified: $0.timeModified)
        }
        switch request.text(of: "PaidStatus") ?? "All" {
        case "PaidOnly": documents = documents.filter { state.balanceRemaining($0) == 0 }
        case "NotPaidOnly": documents = documents.filter { state.balanceRemaining($0) != 0 }
        default: break
        }
        return documents.map { saleRet($0, lines: lines, linked: linked) }
    }

    /// The transaction filters of section 4: a list of ids or numbers, or the date, entity,
    /// account and number filters together.
    private func transactionMatches(
        _ request: XMLTreeElement, txnID: String, number: String?, customerID: String, accountID: String, date: String,
        modified: String
    ) -> Bool {
        let ids = request.children(named: "TxnID").map(\.text)
        if !ids.isEmpty { return ids.contains(txnID) }
        let numbers = request.children(named: "RefNumber").map { $0.text.lowercased() }
        if !numbers.isEmpty { return numbers.contains((number ?? "").lowercased()) }
        let exact = request.children(named: "RefNumberCaseSensitive").map(\.text)
        if !exact.isEmpty { return exact.contains(number ?? "") }
        if let range = request.child("TxnDateRangeFilter") {
            if let from = range.text(of: "FromTxnDate"), date < from { return false }
            if let to = range.text(of: "ToTxnDate"), date > to { return false }
        }
        if let range = request.child("ModifiedDateRangeFilter") {
            if let from = range.text(of: "FromModifiedDate"), modified < from { return false }
            if let to = range.text(of: "ToModifiedDate"), modified > to { return false }
        }
        if let entity = request.child("EntityFilter"), !listFilter(entity, matches: customerID) { return false }
        if let account = request.child("AccountFilter"), !listFilter(account, matches: accountID) { return false }
        if let filter = request.child("RefNumberFilter") {
            let wanted = (filter.text(of: "RefNumber") ?? "").lowercased()
            if !Self.matches((number ?? "").lowercased(), wanted, filter.text(of: "MatchCriterion") ?? "StartsWith") {
                return false
            }
        }
        if let range = request.child("RefNumberRangeFilter") {
            let value = number ?? ""
            if let from = range.text(of: "FromRefNumber"), value < from { return false }
            if let to = range.text(of: "ToRefNumber"), value > to { return false }
        }
        return true
    }

    private func listFilter(_ filter: XMLTreeElement, matches listID: String) -> Bool {
        guard let entry = state.entry(listID) else { return false }
        let name = state.fullName(entry).lowercased()
        let ids = filter.children(named: "ListID").map(\.text)
        let names = filter.children(named: "FullName").map { $0.text.lowercased() }
        if !ids.isEmpty { return ids.contains(listID) }
        if !names.isEmpty { return names.contains(name) }
        if let parent = filter.text(of: "ListIDWithChildren"), let top = state.entry(parent) {
            let topName = state.fullName(top).lowercased()
            return name == topName || name.hasPrefix(topName + ":")
        }
        if let parent = filter.text(of: "FullNameWithChildren")?.lowercased() {
            return name == parent || name.hasPrefix(parent + ":")
        }
        return true
    }

    static func matches(_ value: String, _ wanted: String, _ criterion: String) -> Bool {
        switch criterion {
        case "Contains": return value.contains(wanted)
        case "EndsWith": return value.hasSuffix(wanted)
        default: return value.hasPrefix(wanted)
        }
    }
}
