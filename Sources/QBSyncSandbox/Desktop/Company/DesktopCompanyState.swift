import Foundation

/// Everything a Desktop company file holds that the sandbox models: preferences, the lists, the
/// transactions and the error-recovery store. Balances are never stored: they are worked out
/// from the links (payments, credits, refunds) each time, so they cannot drift.
struct DesktopCompanyState: Equatable, Sendable {
    /// One stored message-set answer (qbd-api.md section 7).
    struct StoredSet: Codable, Equatable, Sendable {
        var checksum: String
        /// The `…Rs` elements of the answer, written as XML.
        var responses: String
    }

    /// One `DataExt` on the company, such as the Web Connector's `FileID`.
    struct CompanyDataExt: Codable, Equatable, Sendable {
        var ownerID: String
        var name: String
        var value: String
    }

    var companyName = "Sandbox Hearing Clinic"
    var isUsingClassTracking = true
    var closingDate: String?
    var dataExts: [CompanyDataExt] = []
    /// Ids and edit sequences count up from these, so a run's ids are the same every time.
    var nextListNumber = 1
    var nextTxnNumber = 1
    var nextEditSequence = 1
    var nextLineNumber = 1
    var lists: [DesktopListEntry] = [] { didSet { listGeneration &+= 1 } }
    /// Counts changes to `lists`, so `lookup` knows when it describes other lists.
    private(set) var listGeneration = 0
    /// A cache shared by copies; never compared, never stored.
    let lookup = DesktopListLookup()
    var sales: [DesktopSaleDocument] = [] { didSet { salesGeneration &+= 1 } }
    var payments: [DesktopPayment] = [] { didSet { paymentsGeneration &+= 1 } }
    private(set) var salesGeneration = 0
    private(set) var paymentsGeneration = 0
    let txnLookup = DesktopTxnLookup()
    var refunds: [DesktopRefund] = []
    var messageSets: [String: StoredSet] = [:]

    // MARK: Ids

    mutating func newListID() -> String {
        defer { nextListNumber += 1 }
        return String(format: "%X-1446673838", 0x8000_0000 + nextListNumber)
    }

    mutating func newTxnID() -> (id: String, number: Int) {
        defer { nextTxnNumber += 1 }
        return (String(format: "%X-1241605561", 0x100 + nextTxnNumber), nextTxnNumber)
    }

    /// Line ids are unique across the company, like QuickBooks's.
    mutating func newLineID() -> String {
        defer { nextLineNumber += 1 }
        return String(format: "%X-1241605561", 0x10_0000 + nextLineNumber)
    }

    mutating func newEditSequence() -> String {
        defer { nextEditSequence += 1 }
        return String(1_700_000_000 + nextEditSequence)
    }

    // MARK: Lists

    /// The four name lists that share one namespace.
    static let nameKinds: Set<String> = ["Customer", "Vendor", "Employee", "OtherName"]
    static let itemKinds: Set<String> = ["ItemService", "ItemNonInventory", "ItemOtherCharge"]

    func listIndex(_ listID: String) -> Int? { lookup.position(of: listID, in: self) }

    /// Adds an entry to its list (keeping the lookup current).
    mutating func appendList(_ entry: DesktopListEntry) {
        let name = fullName(entry)
        let before = listGeneration
        lists.append(entry)
        lookup.appended(at: lists.count - 1, fullName: name, before: before, state: self)
    }

    /// Replaces the entry at `position`; a new name or parent rebuilds the lookup on next use.
    mutating func replaceList(at position: Int, with entry: DesktopListEntry) {
        let before = listGeneration
        let old = lists[position]
        lists[position] = entry
        if old.name == entry.name && old.parentID == entry.parentID { lookup.unchanged(before: before, state: self) }
    }

    func entry(_ listID: String) -> DesktopListEntry? { listIndex(listID).map { lists[$0] } }

    /// `Parent:Child` for a job or sub-entry.
    func fullName(_ entry: DesktopListEntry) -> String {
        guard let parentID = entry.parentID, let parent = self.entry(parentID) else { return entry.name }
        return fullName(parent) + ":" + entry.name
    }

    func sublevel(_ entry: DesktopListEntry) -> Int {
        guard let parentID = entry.parentID, let parent = self.entry(parentID) else { return 0 }
        return sublevel(parent) + 1
    }

    /// The entry of one of `kinds` called `fullName`, compared without case.
    func entry(named fullName: String, kinds: Set<String>) -> DesktopListEntry? {
        lookup.positions(named: fullName, in: self).map { lists[$0] }.first { kinds.contains($0.kind) }
    }

    /// Every entry called `fullName` (without case), whatever its list.
    func entries(named fullName: String) -> [DesktopListEntry] {
        lookup.positions(named: fullName, in: self).map { lists[$0] }
    }

    /// Equal books: the lookup is a cache and the generation counts edits, neither is content.
    static func == (lhs: DesktopCompanyState, rhs: DesktopCompanyState) -> Bool {
        lhs.companyName == rhs.companyName && lhs.isUsingClassTracking == rhs.isUsingClassTracking
            && lhs.closingDate == rhs.closingDate && lhs.dataExts == rhs.dataExts
            && lhs.nextListNumber == rhs.nextListNumber && lhs.nextTxnNumber == rhs.nextTxnNumber
            && lhs.nextEditSequence == rhs.nextEditSequence && lhs.nextLineNumber == rhs.nextLineNumber
            && lhs.lists == rhs.lists && lhs.sales == rhs.sales && lhs.payments == rhs.payments
            && lhs.refunds == rhs.refunds && lhs.messageSets == rhs.messageSets
    }

    // MARK: Balances

    func sale(_ txnID: String) -> DesktopSaleDocument? { txnLookup.salePosition(txnID, in: self).map { sales[$0] } }

    /// Where the invoice or credit memo `txnID` sits, if it is of `kind`.
    func salePosition(_ txnID: String, kind: String) -> Int? {
        txnLookup.salePosition(txnID, in: self).flatMap { sales[$0].kind == kind ? $0 : nil }
    }

    /// Adds an invoice or credit memo (keeping the lookup current).
    mutating func appendSale(_ sale: DesktopSaleDocument) {
        let before = salesGeneration
        sales.append(sale)
        txnLookup.appendedSale(before: before, state: self)
    }

    /// Adds a payment (keeping the lookup current).
    mutating func appendPayment(_ payment: DesktopPayment) {
        let before = paymentsGeneration
        payments.append(payment)
        txnLookup.appendedPayment(before: before, state: self)
    }

    /// A customer's invoices and credit memos, and payments. A payment applies only its own
    /// customer's invoices and credits (the books refuse anything else), so balances need no more.
    func sales(ofCustomer listID: String) -> [DesktopSaleDocument] {
        txnLookup.sales(ofCustomer: listID, in: self).map { sales[$0] }
    }

    func payments(ofCustomer listID: String) -> [DesktopPayment] {
        txnLookup.payments(ofCustomer: listID, in: self).map { payments[$0] }
    }

    /// What has been paid or credited on an invoice: payments, their credits and discounts, and
    /// the credits the invoice applies itself.
    func appliedCents(toInvoice txnID: String) -> Int {
        guard let invoice = sale(txnID) else { return 0 }
        let byPayments = payments(ofCustomer: invoice.customerID).reduce(0) { sum, payment in
            sum + payment.applications.filter { $0.invoiceTxnID == txnID }.reduce(0) {
                $0 + $1.paymentCents + $1.discountCents + $1.credits.reduce(0) { $0 + $1.amountCents }
            }
        }
        return byPayments + invoice.credits.reduce(0) { $0 + $1.amountCents }
    }

    func balanceRemaining(_ invoice: DesktopSaleDocument) -> Int {
        invoice.totalCents - appliedCents(toInvoice: invoice.txnID)
    }

    /// What of a credit memo has been used: applied to invoices (by payments or by the invoices
    /// themselves) or refunded.
    func usedCents(ofCredit txnID: String) -> Int {
        guard let memo = sale(txnID) else { return refundedCents(of: txnID) }
        let inPayments = payments(ofCustomer: memo.customerID).reduce(0) { sum, payment in
            sum + payment.applications.reduce(0) { inner, application in
                inner + application.credits.filter { $0.creditTxnID == txnID }.reduce(0) { $0 + $1.amountCents }
            }
        }
        let inInvoices = sales(ofCustomer: memo.customerID).reduce(0) { sum, sale in
            sum + sale.credits.filter { $0.creditTxnID == txnID }.reduce(0) { $0 + $1.amountCents }
        }
        return inPayments + inInvoices + refundedCents(of: txnID)
    }

    func refundedCents(of txnID: String) -> Int {
        refunds.filter { !$0.isVoid }.reduce(0) { sum, refund in
            sum + refund.links.filter { $0.txnID == txnID }.reduce(0) { $0 + $1.amountCents }
        }
    }

    func creditRemaining(_ memo: DesktopSaleDocument) -> Int { memo.totalCents - usedCents(ofCredit: memo.txnID) }

    func unusedPayment(_ payment: DesktopPayment) -> Int {
        payment.totalCents - payment.applications.reduce(0) { $0 + $1.paymentCents } - refundedCents(of: payment.txnID)
    }

    /// A customer's balance: open invoices less unused credits and payments (jobs included).
    func balance(ofCustomer listID: String, withJobs: Bool) -> Int {
        let ids: Set<String> =
            withJobs ? Set(lists.filter { $0.listID == listID || isDescendant($0, of: listID) }.map(\.listID)) : [listID]
        var cents = 0
        for id in ids {
            for sale in sales(ofCustomer: id) {
                cents += sale.kind == "Invoice" ? balanceRemaining(sale) : -creditRemaining(sale)
            }
            for payment in payments(ofCustomer: id) { cents -= unusedPayment(payment) }
        }
        return cents
    }

    private func isDescendant(_ entry: DesktopListEntry, of listID: String) -> Bool {
        var parentID = entry.parentID
        while let id = parentID {
            if id == listID { return true }
            parentID = self.entry(id)?.parentID
        }
        return false
    }
}
