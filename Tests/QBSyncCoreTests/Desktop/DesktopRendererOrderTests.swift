import QBSyncXML
import Testing

@testable import QBSyncCore

/// Every kind of request the Desktop renderer writes, held against the element orders of
/// `../shared/qbd-api.md` section 4 (`DesktopSchemaOrder`) and the lengths and formats of section 5.
struct DesktopRendererOrderTests {
    static let long = String(repeating: "Abcdefghij", count: 8)

    /// One planned change of each kind and operation qbsync plans, with fields longer than Desktop allows.
    static var everyChange: [PlannedChange] {
        let sale = OMSRef("sale", 283)
        var customer = CustomerChange(displayName: "Patient K7QM-2XH4")
        customer.companyName = long
        customer.givenName = long
        customer.middleName = long
        customer.familyName = long
        customer.phone = "+1 (555) 010-0000 extension 1234"
        customer.mobile = "555 010 0001"
        customer.email = "someone@example.com"
        customer.address = PostalAddress(line1: long, line2: long, city: long, region: "OR", postalCode: "97201-12345678901", country: "USA")
        var item = ItemChange(name: String(long.prefix(31)), type: "Service", incomeAccount: "Service Income")
        item.unitPriceCents = 12_950
        item.active = true
        var nonInventory = item
        nonInventory.type = "NonInventory"
        let lines = [
            SalesLineChange(item: .item(5), classKey: .locationClass(1), cents: 250_000, quantityMilli: 2000, unitPriceCents: 125_000),
            SalesLineChange(item: .genericItem("sales_tax"), classKey: .locationClass(1), cents: 1_305),
        ]
        var invoice = SalesDocument(customer: .patient(12), number: "INV-00283", date: "2026-11-02", lines: lines, note: "qbsync sale:283")
        invoice.dueDate = "2026-12-02"
        invoice.omsNumber = "INV-2025-00283"
        let memo = SalesDocument(customer: .patient(12), number: "RET-0009", date: "2026-11-09", lines: [lines[0]], note: "qbsync return:9")
        let payment = PaymentChange(
            customer: .patient(12), totalCents: 60_000, date: "2026-11-03",
            applications: [.init(invoice: .invoice(sale, .patient), cents: 50_000)], paymentMethod: .paymentMethod(2),
            depositAccount: "Undeposited Funds", reference: "P77", note: "qbsync payment:77")
        var unapplied = payment
        unapplied.applications = []
        let application = CreditApplication(
            customer: .patient(12), date: "2026-11-09", document: .invoice(sale, .patient), credit: .creditMemo(OMSRef("return", 9)),
            cents: nil, reference: "ARET-0009", note: "qbsync return:9 applied")
        let refund = CreditRefund(
            customer: .patient(12), number: "RF-4", omsNumber: "RF-4", date: "2026-11-12", cents: 1_350,
            credit: .creditMemo(.creditMemo(OMSRef("return", 9))), bankAccount: "Checking", paymentMethod: .paymentMethod(2),
            classKey: .locationClass(1), note: "qbsync refund:4")
        var overpayment = refund
        overpayment.credit = .unappliedPayment
        func change(_ key: ObjectKey, _ operation: OperationKind, _ books: BooksChange, _ wave: Wave = .documents) -> PlannedChange {
            PlannedChange(key: key, ref: key.reference, operation: operation, change: books, wave: wave)
        }
        return [
            change(.patient(12), .create, .customer(customer), .names), change(.patient(12), .update, .customer(customer), .names),
            change(.patient(12), .deactivate, .activeFlag(false), .deactivations),
            change(.item(5), .create, .item(item), .names), change(.item(5), .update, .item(item), .names),
            change(.item(6), .create, .item(nonInventory), .names), change(.item(6), .update, .item(nonInventory), .names),
            change(.genericItem("sales_tax"), .create, .item(ItemChange(name: "Sales tax (OMS)", type: "Service", incomeAccount: "Sales Tax Payable")), .names),
            change(.locationClass(1), .create, .class(name: "Main Street"), .setup),
            change(.paymentMethod(2), .create, .paymentMethod(name: "Visa", kind: "card"), .setup),
            change(.account("Sales Tax Payable"), .create, .account(name: "Sales Tax Payable", type: "Other Current Liability"), .setup),
            change(.invoice(sale, .patient), .create, .invoice(invoice)), change(.invoice(sale, .patient), .update, .invoice(invoice)),
            change(.invoice(sale, .patient), .void, .void),
            change(.creditMemo(OMSRef("return", 9)), .create, .creditMemo(memo)), change(.creditMemo(OMSRef("return", 9)), .update, .creditMemo(memo)),
            change(.payment(OMSRef("payment", 77)), .create, .payment(payment), .settlements),
            change(.payment(OMSRef("payment", 78)), .create, .payment(unapplied), .settlements),
            change(.payment(OMSRef("payment", 77)), .update, .payment(payment), .settlements),
            change(.payment(OMSRef("payment", 77)), .delete, .delete, .settlements),
            change(.application(OMSRef("return", 9)), .apply, .creditApplication(application), .applications),
            change(.refundReceipt(OMSRef("refund", 4)), .create, .creditRefund(refund), .refundApplications),
            change(.refundReceipt(OMSRef("refund", 5)), .create, .creditRefund(overpayment), .refundApplications),
        ]
    }

    @Test func everyRequestKeepsTheSchemaOrderOfSectionFour() {
        let renderer = DesktopRenderer()
        var seen: Set<String> = []
        for change in Self.everyChange {
            let request = renderer.render(change).qbxml!
            seen.insert(request.name)
            check(request.children.count == 1 ? request.children[0] : request, path: "\(change.key) \(change.operation)")
        }
        #expect(
            seen == [
                "CustomerAddRq", "CustomerModRq", "ItemServiceAddRq", "ItemServiceModRq", "ItemNonInventoryAddRq", "ItemNonInventoryModRq",
                "ItemOtherChargeAddRq", "ClassAddRq", "PaymentMethodAddRq", "AccountAddRq", "InvoiceAddRq", "InvoiceModRq", "TxnVoidRq",
                "CreditMemoAddRq", "CreditMemoModRq", "ReceivePaymentAddRq", "ReceivePaymentModRq", "TxnDelRq", "ARRefundCreditCardAddRq",
            ])
    }

    /// Children of `element` in the order its table gives, each known; then each child likewise.
    private func check(_ element: XMLTreeElement, path: String) {
        guard !element.children.isEmpty else { return }
        guard let order = DesktopSchemaOrder.orders[element.name] else {
            Issue.record("\(path): \(element.name) is not in the table of section 4")
            return
        }
        var last = -1
        var previous = ""
        for child in element.children {
            guard let position = order.firstIndex(of: child.name) else {
                Issue.record("\(path): \(child.name) is not a child of \(element.name)")
                continue
            }
            let repeated = position == last && DesktopSchemaOrder.repeatable.contains(child.name)
            #expect(position > last || repeated, "\(path): \(child.name) after \(previous) in \(element.name)")
            (last, previous) = (position, child.name)
            check(child, path: path + "/" + element.name)
        }
    }

    @Test func textsKeepTheLengthsAndFormatsOfSectionFive() {
        let renderer = DesktopRenderer()
        for change in Self.everyChange {
            let request = renderer.render(change).qbxml!
            lengths(request, parent: request.name, path: "\(change.key) \(change.operation)")
        }
    }

    private func lengths(_ element: XMLTreeElement, parent: String, path: String) {
        for child in element.children {
            if child.children.isEmpty {
                let text = child.text
                if let limit = DesktopSchemaOrder.lengths[element.name + "/" + child.name] ?? DesktopSchemaOrder.lengths[child.name], !text.hasPrefix("@") {
                    #expect(text.count <= limit, "\(path): \(element.name)/\(child.name) has \(text.count) characters, at most \(limit)")
                }
                if ["Amount", "TotalAmount", "PaymentAmount", "AppliedAmount", "RefundAmount", "Price"].contains(child.name), !text.hasPrefix("@") {
                    #expect(text.range(of: #"^-?[0-9]{1,13}\.[0-9]{2}$"#, options: .regularExpression) != nil, "\(path): \(child.name) \(text)")
                }
                if child.name.hasSuffix("Date") {
                    #expect(text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil, "\(path): \(child.name) \(text)")
                }
            }
            lengths(child, parent: element.name, path: path)
        }
    }

    @Test func desktopNamesAndNumbersAreClaimedWithinItsLimits() {
        let rules = EditionRules.desktop
        #expect(rules.nameCandidate(Self.long, attempt: 0).count == 41)
        #expect(rules.nameCandidate(Self.long, attempt: 3, limit: rules.itemNameLength) == String(Self.long.prefix(27)) + " (4)")
        #expect(rules.nameCandidate("Ear: left", attempt: 0) == "Ear- left")
        #expect(rules.docNumberCandidate("INV-2025-00283", attempt: 0, scope: "Invoice") == "INV-00283")
        #expect(rules.docNumberCandidate("INV-2025-00283-T4", attempt: 0, scope: "Invoice") == "INV00283T4")
        #expect(rules.docNumberCandidate("INV-2025-00283", attempt: 1, scope: "Invoice") == "INV00283~2")
        #expect(rules.docNumberCandidate("FOLSOM-LAKE-26-104002", attempt: 0, scope: "Invoice") == "F-26-104002")
        #expect(rules.docNumberCandidate("FOLSOM-LAKE-26-104002-T12", attempt: 0, scope: "Invoice") == "104002-T12")
        #expect(rules.docNumberCandidate("INV-2025-00283-T12345", attempt: 0, scope: "Invoice") == "00283T12345")
        #expect(rules.docNumberCandidate("RF-12", attempt: 0, scope: "RefundReceipt") == "RF-12")
        #expect(rules.docNumberCandidate("ARET-2025-000123456", attempt: 0, scope: "Payment") == "ARET-2025-000123456")
        for base in ["INV-2025-00283-T12345", "RET-2026-99999999", "X", "WO-123456789012"] {
            for attempt in 0..<4 { #expect(rules.docNumberCandidate(base, attempt: attempt, scope: "CreditMemo").count <= 11, "\(base)") }
        }
    }
}
