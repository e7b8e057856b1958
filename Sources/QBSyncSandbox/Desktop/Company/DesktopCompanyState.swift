import Foundation

/// Everything a Desktop company file holds that the sandbox models: preferences, the lists, the
/// transactions and the error-recovery store. Balances are never stored: they are worked out
/// from the links (payments, credits, refunds) each time, so they cannot drift.
struct DesktopCompanyState: Codable, Equatable, Sendable {
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
    var lists: [DesktopListEntry] = []
    var sales: [DesktopSaleDocument] = []
    var payments: [DesktopPayment] = []
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

    func listIndex(_ listID: String) -> Int? { lists.firstIndex { $0.listID == listID } }

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
        let wanted = fullName.lowercased()
        return lists.first { kinds.contains($0.kind) && self.fullName($0).lowercased() == wanted }
    }

    // MARK: Balances

    func sale(_ txnID: String) -> DesktopSaleDocument? { sales.first { $0.txnID == txnID } }

    /// What has been paid or credited on an invoice: payments, their credits and discounts, and
    /// the credits the invoice applies itself.
    func appliedCents(toInvoice txnID: String) -> Int {
        let byPayments = payments.reduce(0) { sum, payment in
            sum + payment.applications.filter { $0.invoiceTxnID == txnID }.reduce(0) {
                $0 + $1.paymentCents + $1.discountCents + $1.credits.reduce(0) { $0 + $1.amountCents }
            }
        }
        return byPayments + (sale(txnID)?.credits.reduce(0) { $0 + $1.amountCents } ?? 0)
    }

    func balanceRemaining(_ invoice: DesktopSaleDocument) -> Int {
        invoice.totalCents - appliedCents(toInvoice: invoice.txnID)
    }

    /// What of a credit memo has been used: applied to invoices (by payments or by the invoices
    /// themselves) or refunded.
    func usedCents(ofCredit txnID: String) -> Int {
        let inPayments = payments.reduce(0) { sum, payment in
            sum + payment.applications.reduce(0) { inner, application in
                inner + application.credits.filter { $0.creditTxnID == txnID }.reduce(0) { $0 + $1.amountCents }
            }
        }
        let inInvoices = sales.reduce(0) { sum, sale in
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
        for sale in sales where ids.contains(sale.customerID) {
            cents += sale.kind == "Invoice" ? balanceRemaining(sale) : -creditRemaining(sale)
        }
        for payment in payments where ids.contains(payment.customerID) { cents -= unusedPayment(payment) }
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
