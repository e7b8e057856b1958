import Foundation
import QBSyncCore
import QBSyncJSON

/// An accountant's tie-out of a QuickBooks Desktop company against the OMS: every document once
/// (by its marker), each invoice's balance the OMS's open balance for that sale and bill-to,
/// payments of the money received applied to the right invoices (the rest left as credit),
/// credit memos and refunds of the OMS amounts, voided sales at zero, deleted payments gone,
/// and each customer's balance the OMS's. Customers are told apart as a person would: a third
/// party by its company name, a patient (a pseudonym) as the other customer of its sales.
struct DesktopTieOut {
    let company: DesktopCompanySnapshot
    let oms: OMSBooks
    private(set) var problems: [String] = []
    /// The customer (ListID) of each patient and payer, as the documents show it.
    private(set) var customerOf: [String: String] = [:]

    init(company: DesktopCompanySnapshot, oms: OMSBooks) {
        self.company = company
        self.oms = oms
        checkEveryDocumentOnce()
        identifyCustomers()
        checkInvoices()
        checkPayments()
        checkCredits()
        checkCustomerBalances()
    }

    /// How many invoices were checked against an open OMS share.
    private(set) var invoicesChecked = 0

    private mutating func problem(_ text: String) { problems.append(text) }

    private mutating func checkEveryDocumentOnce() {
        let documents: [(String, String?, String)] =
            company.invoices.map { ("invoice", $0.marker, $0.customerID) } + company.creditMemos.map { ("credit memo", $0.marker, "") }
            + company.payments.map { ("payment", $0.marker, "") } + company.refunds.map { ("refund", $0.marker, "") }
        for (kind, marker, _) in documents where marker == nil { problem("a \(kind) without qbsync's marker is in the company") }
        let counts = Dictionary(grouping: documents.compactMap { kind, marker, customer in marker.map { "\(kind) \($0) \(customer)" } }, by: { $0 })
        for (key, copies) in counts where copies.count > 1 { problem("\(key) is in the company \(copies.count) times") }
    }

    private func invoices(ofSale sale: Int) -> [DesktopCompanySnapshot.SaleDocument] {
        company.invoices.filter { $0.marker == "qbsync sale:\(sale)" }
    }

    /// Payers by the CompanyName qbsync gives them (Desktop's name rules, 41 characters), and
    /// where two share a name by phone and address; a sale's patient is the customer of its
    /// invoice that is none of the sale's payers.
    private mutating func identifyCustomers() {
        for (payer, details) in oms.payers {
            let companyName = EditionRules.desktop.name(details.name)
            var matches = company.customers.values.filter { $0.companyName == companyName }
            if matches.count > 1 {
                matches = matches.filter { $0.phone == details.phone.map { String($0.prefix(21)) } && $0.address == details.address.map { String($0.prefix(41)) } }
            }
            if matches.count == 1 { customerOf["payer:\(payer)"] = matches[0].listID }
        }
        let payerCustomers = Set(company.customers.values.filter { $0.companyName != nil }.map(\.listID))
        for (sale, patient) in oms.patientOfSale.sorted(by: { $0.key < $1.key }) {
            let theirs = Set(invoices(ofSale: sale).map(\.customerID)).subtracting(payerCustomers)
            guard let customer = theirs.first else { continue }
            if theirs.count > 1 { problem("sale:\(sale) has invoices on \(theirs.count) customers that are not third parties") }
            if let known = customerOf["patient:\(patient)"], known != customer {
                problem("patient:\(patient)'s sales are on two customers (\(known), \(customer))")
            }
            customerOf["patient:\(patient)"] = customer
            if company.customers[customer]?.name.hasPrefix("Patient ") != true {
                problem("patient:\(patient)'s customer is not named by a pseudonym")
            }
        }
        // A patient who only paid ahead (no sale yet) is known by the payment's customer.
        for (id, payment) in oms.payments.sorted(by: { $0.key < $1.key }) {
            guard let patient = payment.patient, customerOf["patient:\(patient)"] == nil,
                let posted = company.payments.first(where: { $0.marker == "qbsync payment:\(id)" })
            else { continue }
            customerOf["patient:\(patient)"] = posted.customerID
        }
    }

    private func customer(sale: Int, _ billTo: OMSBooks.BillTo) -> String? {
        switch billTo {
        case .patient: oms.patientOfSale[sale].flatMap { customerOf["patient:\($0)"] }
        case .payer(let id): customerOf["payer:\(id)"]
        }
    }

    private mutating func checkInvoices() {
        for (key, share) in oms.shares.sorted(by: { $0.key.description < $1.key.description }) {
            let live = invoices(ofSale: key.sale).filter { !$0.isVoid && $0.customerID == customer(sale: key.sale, key.billTo) }
            guard let invoice = live.first else {
                if share != 0 { problem("\(key) (\(Money.decimalString(cents: share))) has no live invoice in the company") }
                continue
            }
            if live.count > 1 { problem("\(key) has \(live.count) live invoices") }
            if invoice.totalCents != share { problem("\(key) totals \(Money.decimalString(cents: invoice.totalCents)), the OMS \(Money.decimalString(cents: share))") }
            let open = oms.open[key] ?? share
            if company.balance(of: invoice) != open {
                problem("\(key) has \(Money.decimalString(cents: company.balance(of: invoice))) open, the OMS \(Money.decimalString(cents: open))")
            }
            invoicesChecked += 1
        }
        for sale in oms.voidedSales {
            for invoice in invoices(ofSale: sale) where !invoice.isVoid || invoice.totalCents != 0 || company.balance(of: invoice) != 0 {
                problem("sale:\(sale) was voided in the OMS but its invoice \(invoice.txnID) is live at \(Money.decimalString(cents: invoice.totalCents))")
            }
        }
        let known = Set(oms.patientOfSale.keys)
        for invoice in company.invoices {
            guard let sale = invoice.marker.flatMap({ Int($0.dropFirst("qbsync sale:".count)) }), known.contains(sale) else {
                problem("invoice \(invoice.txnID) (\(invoice.memo)) is no OMS sale's")
                continue
            }
        }
    }

    private mutating func checkPayments() {
        let invoiceKeys = Dictionary(
            uniqueKeysWithValues: company.invoices.compactMap { invoice -> (String, OMSBooks.InvoiceKey)? in
                guard let sale = invoice.marker.flatMap({ Int($0.dropFirst("qbsync sale:".count)) }) else { return nil }
                let billTo: OMSBooks.BillTo =
                    customerOf.first { $0.value == invoice.customerID && $0.key.hasPrefix("payer:") }
                    .map { .payer(Int($0.key.dropFirst("payer:".count))!) } ?? .patient
                return (invoice.txnID, OMSBooks.InvoiceKey(sale: sale, billTo: billTo))
            })
        for (id, payment) in oms.payments.sorted(by: { $0.key < $1.key }) {
            let found = company.payments.filter { $0.marker == "qbsync payment:\(id)" }
            guard let posted = found.first else {
                problem("payment:\(id) (\(Money.decimalString(cents: payment.cents))) is not in the company")
                continue
            }
            if posted.totalCents != payment.cents {
                problem("payment:\(id) received \(Money.decimalString(cents: payment.cents)), the company's \(Money.decimalString(cents: posted.totalCents))")
            }
            let party = payment.patient.map { "patient:\($0)" } ?? "payer:\(payment.payer ?? 0)"
            if let customer = customerOf[party], customer != posted.customerID { problem("payment:\(id) is not on \(party)'s customer") }
            var applied: [OMSBooks.InvoiceKey: Int] = [:]
            for application in posted.applications {
                guard let key = invoiceKeys[application.invoiceTxnID] else {
                    problem("payment:\(id) pays \(application.invoiceTxnID), which is no sale's invoice")
                    continue
                }
                applied[key, default: 0] += application.paymentCents
            }
            if applied.filter({ $0.value != 0 }) != payment.applications.filter({ $0.value != 0 }) {
                problem("payment:\(id) pays \(applied.map { "\($0.key) \($0.value)" }.sorted()), the OMS \(payment.applications.map { "\($0.key) \($0.value)" }.sorted())")
            }
        }
        for id in oms.deletedPayments where company.payments.contains(where: { $0.marker == "qbsync payment:\(id)" }) {
            problem("payment:\(id) was deleted in the OMS but is still in the company")
        }
    }

    private mutating func checkCredits() {
        let credits = oms.returns.map { ("return", $0.key, $0.value) } + oms.writeOffs.map { ("write_off", $0.key, $0.value) }
        for (kind, id, credit) in credits {
            let live = company.creditMemos.filter { $0.marker == "qbsync \(kind):\(id)" && !$0.isVoid }
            guard live.count == 1, let memo = live.first else {
                problem("\(kind):\(id) has \(live.count) live credit memos")
                continue
            }
            if memo.totalCents != credit.cents {
                problem("\(kind):\(id) credits \(Money.decimalString(cents: credit.cents)), its credit memo \(Money.decimalString(cents: memo.totalCents))")
            }
            if let customer = customer(sale: credit.sale, credit.billTo), customer != memo.customerID { problem("\(kind):\(id)'s credit memo is on another customer") }
        }
        for (id, refund) in oms.refunds {
            let live = company.refunds.filter { $0.marker == "qbsync refund:\(id)" && !$0.isVoid }
            guard live.count == 1, let posted = live.first else {
                problem("refund:\(id) has \(live.count) live refunds")
                continue
            }
            if posted.totalCents != refund.cents {
                problem("refund:\(id) paid out \(Money.decimalString(cents: refund.cents)), the company's \(Money.decimalString(cents: posted.totalCents))")
            }
            let party = refund.patient.map { "patient:\($0)" } ?? "payer:\(refund.payer ?? 0)"
            if let customer = customerOf[party], customer != posted.customerID { problem("refund:\(id) is not on \(party)'s customer") }
            if let returnID = refund.returnID {
                let memo = company.creditMemos.first { $0.marker == "qbsync return:\(returnID)" }?.txnID
                if posted.links.map(\.txnID) != [memo ?? "?"] { problem("refund:\(id) does not pay out return:\(returnID)'s credit memo") }
            }
        }
    }

    /// Open invoices less unused credits and payments, per customer, against the OMS's billed
    /// less paid and credited plus refunded: where money left as credit went shows here.
    private mutating func checkCustomerBalances() {
        var balances: [String: Int] = [:]
        for invoice in company.invoices { balances[invoice.customerID, default: 0] += company.balance(of: invoice) }
        for memo in company.creditMemos { balances[memo.customerID, default: 0] -= company.creditRemaining(of: memo) }
        for payment in company.payments { balances[payment.customerID, default: 0] -= company.unused(of: payment) }
        for (party, cents) in oms.customerBalances.sorted(by: { $0.key < $1.key }) {
            guard let customer = customerOf[party] else {
                if cents != 0 { problem("\(party) owes \(Money.decimalString(cents: cents)) in the OMS and has no customer in the company") }
                continue
            }
            if balances[customer, default: 0] != cents {
                problem("\(party)'s balance is \(Money.decimalString(cents: balances[customer, default: 0])) in the company, \(Money.decimalString(cents: cents)) in the OMS")
            }
        }
    }
}
