import QBSyncXML

extension DesktopBooks {
    private static let headerModeled: Set<String> = [
        "TxnID", "EditSequence", "CustomerRef", "ClassRef", "ARAccountRef", "TxnDate", "RefNumber", "Memo", "SetCredit",
        "InvoiceLineAdd", "InvoiceLineMod", "CreditMemoLineAdd", "CreditMemoLineMod", "DiscountLineAdd",
        "SalesTaxLineAdd", "ShippingLineAdd", "LinkToTxnID",
    ]

    /// InvoiceAdd and CreditMemoAdd.
    mutating func addSale(_ body: XMLTreeElement, kind: String) throws -> XMLTreeElement {
        let label = kind == "Invoice" ? "Invoice" : "Credit Memo"
        guard let customer = try resolve(body.child("CustomerRef"), kinds: ["Customer"], list: "Customer", in: label) else {
            throw DesktopStatus.invalidReference("Customer", "", in: label, inactive: false)
        }
        let classEntry = try resolveClass(body.child("ClassRef"), in: label)
        let account = try resolveAccount(body.child("ARAccountRef"), defaultType: "AccountsReceivable", in: label)
        try checkOtherReferences(body, modeled: Self.headerModeled, document: label)
        let date = body.text(of: "TxnDate") ?? today
        try checkOpenPeriod([date], document: label)
        let lineName = kind == "Invoice" ? "InvoiceLineAdd" : "CreditMemoLineAdd"
        var lines: [DesktopSaleLine] = []
        for line in body.children(named: lineName) { lines.append(try newLine(line, document: label)) }
        let other = try otherLinesCents(body, document: label)
        let (txnID, number) = state.newTxnID()
        var document = DesktopSaleDocument(
            kind: kind, txnID: txnID, txnNumber: number, editSequence: state.newEditSequence(), timeCreated: now,
            timeModified: now, customerID: customer.listID, classID: classEntry?.listID, arAccountID: account?.listID ?? "",
            txnDate: date, refNumber: body.text(of: "RefNumber") ?? String(number), memo: body.text(of: "Memo"),
            lines: lines, otherLinesCents: other, credits: [], isVoid: false,
            fields: fields(of: body, except: Self.headerModeled))
        document.credits = try credits(body.children(named: "SetCredit"), for: document, available: document.totalCents)
        try define(body, id: txnID)
        state.appendSale(document)
        return saleRet(document, lines: true)
    }

    /// InvoiceMod and CreditMemoMod: the body changes what it sends; once a line Mod is there,
    /// lines it does not name are deleted and `TxnLineID` -1 adds one.
    mutating func modSale(_ body: XMLTreeElement, kind: String) throws -> XMLTreeElement {
        let label = kind == "Invoice" ? "Invoice" : "Credit Memo"
        let txnID = body.text(of: "TxnID") ?? ""
        guard let index = state.salePosition(txnID, kind: kind) else {
            throw DesktopStatus.notFound(txnID)
        }
        var document = state.sales[index]
        try Self.checkEditSequence(body, current: document.editSequence)
        try checkOpenPeriod([document.txnDate, body.text(of: "TxnDate")], document: label)
        if let customer = try resolve(body.child("CustomerRef"), kinds: ["Customer"], list: "Customer", in: label),
            customer.listID != document.customerID
        {
            // Payments and credits already linked are the old customer's.
            let linked = kind == "Invoice" ? state.appliedCents(toInvoice: txnID) : state.usedCents(ofCredit: txnID)
            guard linked == 0 else {
                throw DesktopStatus.invalidValue(
                    "The \(label)'s customer cannot change while payments or credits are linked to it.")
            }
            document.customerID = customer.listID
        }
        if let classEntry = try resolveClass(body.child("ClassRef"), in: label) { document.classID = classEntry.listID }
        if let account = try resolveAccount(body.child("ARAccountRef"), defaultType: nil, in: label) {
            document.arAccountID = account.listID
        }
        try checkOtherReferences(body, modeled: Self.headerModeled, document: label)
        if let date = body.text(of: "TxnDate") { document.txnDate = date }
        if let number = body.text(of: "RefNumber") { document.refNumber = number }
        if let memo = body.text(of: "Memo") { document.memo = memo.isEmpty ? nil : memo }
        for field in fields(of: body, except: Self.headerModeled) {
            document.fields.removeAll { $0.name == field.name }
            if !(field.text.isEmpty && field.children.isEmpty) { document.fields.append(field) }
        }
        let lineMods = body.children(named: kind == "Invoice" ? "InvoiceLineMod" : "CreditMemoLineMod")
        if !lineMods.isEmpty {
            var lines: [DesktopSaleLine] = []
            for mod in lineMods {
                let lineID = mod.text(of: "TxnLineID") ?? ""
                if lineID == "-1" {
                    lines.append(try newLine(mod, document: label))
                } else if let old = document.lines.first(where: { $0.txnLineID == lineID }) {
                    lines.append(try modifiedLine(old, mod, document: label))
                } else {
                    throw DesktopStatus.notFound(lineID)
                }
            }
            document.lines = lines
        }
        let used =
            kind == "Invoice"
            ? state.appliedCents(toInvoice: txnID) - document.credits.reduce(0) { $0 + $1.amountCents }
            : state.usedCents(ofCredit: txnID)
        let newCredits = try credits(
            body.children(named: "SetCredit"), for: document,
            available: document.totalCents - used - document.credits.reduce(0) { $0 + $1.amountCents })
        document.credits += newCredits
        let usedAfter = used + document.credits.reduce(0) { $0 + $1.amountCents }
        guard document.totalCents >= usedAfter else {
            throw DesktopStatus.invalidValue(
                "The \(label)'s new total (\(Self.amount(document.totalCents))) is less than the \(Self.amount(usedAfter)) already applied to it.")
        }
        document.editSequence = state.newEditSequence()
        document.timeModified = now
        state.sales[index] = document
        return saleRet(document, lines: true)
    }

    // MARK: Lines

    private mutating func newLine(_ element: XMLTreeElement, document: String) throws -> DesktopSaleLine {
        let item = try resolve(element.child("ItemRef"), kinds: DesktopCompanyState.itemKinds, list: "Item", in: document)
        let classEntry = try resolveClass(element.child("ClassRef"), in: document)
        _ = try resolve(element.child("OverrideItemAccountRef"), kinds: ["Account"], list: "Account", in: document)
        try checkOtherReferences(element, modeled: ["ItemRef", "ClassRef", "OverrideItemAccountRef"], document: document)
        let quantity = element.text(of: "Quantity")
        var rate = element.text(of: "Rate")
        let cents: Int
        if let amount = element.text(of: "Amount") {
            cents = Self.cents(amount)
        } else {
            rate = rate ?? item?.field("SalesOrPurchase")?.children.first { $0.name == "Price" }?.text
            cents = rate.map { Self.extend(quantity: quantity, rate: $0) } ?? 0
        }
        return DesktopSaleLine(
            txnLineID: state.newLineID(), itemID: item?.listID, classID: classEntry?.listID, quantity: quantity, rate: rate,
            amountCents: cents,
            fields: fields(
                of: element,
                except: ["TxnLineID", "ItemRef", "ClassRef", "Quantity", "Rate", "Amount"]))
    }

    private mutating func modifiedLine(_ old: DesktopSaleLine, _ element: XMLTreeElement, document: String) throws -> DesktopSaleLine {
        var line = old
        if let item = try resolve(element.child("ItemRef"), kinds: DesktopCompanyState.itemKinds, list: "Item", in: document) {
            line.itemID = item.listID
        }
        if let classEntry = try resolveClass(element.child("ClassRef"), in: document) { line.classID = classEntry.listID }
        try checkOtherReferences(element, modeled: ["ItemRef", "ClassRef", "OverrideItemAccountRef"], document: document)
        if let quantity = element.text(of: "Quantity") { line.quantity = quantity }
        if let rate = element.text(of: "Rate") { line.rate = rate }
        if let amount = element.text(of: "Amount") {
            line.amountCents = Self.cents(amount)
        } else if element.child("Quantity") != nil || element.child("Rate") != nil, let rate = line.rate {
            line.amountCents = Self.extend(quantity: line.quantity, rate: rate)
        }
        for field in fields(of: element, except: ["TxnLineID", "ItemRef", "ClassRef", "Quantity", "Rate", "Amount"]) {
            line.fields.removeAll { $0.name == field.name }
            if !(field.text.isEmpty && field.children.isEmpty) { line.fields.append(field) }
        }
        return line
    }

    private func otherLinesCents(_ body: XMLTreeElement, document: String) throws -> Int {
        var cents = 0
        for name in ["DiscountLineAdd", "SalesTaxLineAdd", "ShippingLineAdd"] {
            guard let line = body.child(name) else { continue }
            _ = try resolve(line.child("AccountRef"), kinds: ["Account"], list: "Account", in: document)
            let amount = Self.cents(line.text(of: "Amount"))
            cents += name == "DiscountLineAdd" ? -abs(amount) : amount
        }
        return cents
    }

    // MARK: Credits

    /// `SetCredit` elements as credit uses: each an open credit memo of the same customer with
    /// enough left, together no more than `available` (3210 beyond).
    func credits(_ elements: [XMLTreeElement], for document: DesktopSaleDocument, available: Int) throws -> [DesktopCreditUse] {
        var uses: [DesktopCreditUse] = []
        for element in elements {
            let creditID = try txnID(element.child("CreditTxnID"))
            guard let memo = state.sale(creditID), memo.kind == "CreditMemo", !memo.isVoid else {
                throw DesktopStatus.notFound(creditID)
            }
            guard memo.customerID == document.customerID else {
                throw DesktopStatus.invalidValue("The credit memo \(creditID) belongs to another customer.")
            }
            let amount = Self.cents(element.text(of: "AppliedAmount"))
            let left = state.creditRemaining(memo) - uses.filter { $0.creditTxnID == creditID }.reduce(0) { $0 + $1.amountCents }
            guard amount > 0, amount <= left else {
                throw DesktopStatus.invalidValue(
                    "The credit applied (\(Self.amount(amount))) is more than the \(Self.amount(left)) left on credit memo \(creditID).")
            }
            uses.append(DesktopCreditUse(creditTxnID: creditID, amountCents: amount))
        }
        let total = uses.reduce(0) { $0 + $1.amountCents }
        guard total <= available else {
            throw DesktopStatus.invalidValue(
                "The credits applied (\(Self.amount(total))) are more than the \(Self.amount(available)) open on the transaction.")
        }
        return uses
    }
}
