import Testing

@testable import QBSyncCore

/// The same planned change, rendered by each edition and read back by that edition's reader,
/// is the same neutral document: what the review, the tie-out and the checks see does not
/// depend on the QuickBooks the clinic keeps. Modulo each edition's rules: Desktop names a
/// document's class when all its lines share one, states no unit price (QuickBooks derives the
/// rate), and names a deposit account on a credit application, as every payment must.
struct ReaderParityTests {
    func change(_ key: ObjectKey, _ operation: OperationKind, _ books: BooksChange, wave: Wave = .documents) -> PlannedChange {
        PlannedChange(key: key, ref: key.reference, operation: operation, change: books, wave: wave)
    }

    /// Online's and Desktop's readings of `change`, with what the editions' rules let differ set aside.
    func readings(_ change: PlannedChange) -> (online: ReadDocument?, desktop: ReadDocument?) {
        func neutral(_ operation: PlannedOperation) -> ReadDocument? {
            guard var reading = EditionReader.read(operation) else { return nil }
            reading.documentClass = nil
            reading.lines = reading.lines?.map { line in
                var line = line
                line.unitPriceCents = nil
                return line
            }
            if reading.kind == .creditApplication { reading.depositAccount = nil }
            return reading
        }
        return (neutral(OnlineRenderer().render(change)), neutral(DesktopRenderer().render(change)))
    }

    static let invoice: SalesDocument = {
        var invoice = SalesDocument(
            customer: .patient(12), number: "INV-00283", date: "2026-11-02",
            lines: [
                SalesLineChange(item: .item(5), classKey: .locationClass(1), cents: 250_000, quantityMilli: 2000, unitPriceCents: 125_000),
                SalesLineChange(item: .genericItem("sales_tax"), classKey: .locationClass(1), cents: 1_305),
            ], note: "qbsync sale:283")
        invoice.omsNumber = "INV-2025-00283"
        return invoice
    }()

    @Test(arguments: [
        ("customer", PlannedChange(key: .patient(12), ref: "patient:12", operation: .create, change: .customer(CustomerChange(displayName: "Patient K7QM-2XH4")), wave: .names)),
        ("item", PlannedChange(key: .item(5), ref: "item:5", operation: .create, change: .item(ItemChange(name: "Audeo", type: "NonInventory", incomeAccount: "Sales")), wave: .names)),
        ("class", PlannedChange(key: .locationClass(1), ref: "location:1", operation: .create, change: .class(name: "Folsom"), wave: .setup)),
        ("payment method", PlannedChange(key: .paymentMethod(2), ref: "method:2", operation: .create, change: .paymentMethod(name: "Visa", kind: "card"), wave: .setup)),
        ("invoice", PlannedChange(key: .invoice(OMSRef("sale", 283), .patient), ref: "sale:283", operation: .create, change: .invoice(invoice), wave: .documents)),
        ("invoice edit", PlannedChange(key: .invoice(OMSRef("sale", 283), .patient), ref: "sale:283", operation: .update, change: .invoice(invoice), wave: .documents)),
        ("credit memo", PlannedChange(key: .creditMemo(OMSRef("return", 9)), ref: "return:9", operation: .create, change: .creditMemo(invoice), wave: .documents)),
        ("void", PlannedChange(key: .invoice(OMSRef("sale", 283), .patient), ref: "sale:283", operation: .void, change: .void, wave: .documents)),
        ("delete", PlannedChange(key: .payment(OMSRef("payment", 77)), ref: "payment:77", operation: .delete, change: .delete, wave: .settlements)),
        ("deactivate", PlannedChange(key: .patient(12), ref: "patient:12", operation: .deactivate, change: .activeFlag(false), wave: .deactivations)),
    ])
    func aChangeReadsBackTheSameOnBothEditions(_ name: String, _ change: PlannedChange) throws {
        let (online, desktop) = readings(change)
        #expect(online != nil, "\(name)")
        #expect(online == desktop, "\(name)")
        #expect(online?.operation == change.operation, "\(name)")
    }

    @Test func aPaymentAndACreditApplicationReadBackTheSame() throws {
        let payment = PaymentChange(
            customer: .payer(3), totalCents: 60_000, date: "2026-11-03",
            applications: [.init(invoice: .invoice(OMSRef("sale", 283), .payer(3)), cents: 50_000)], paymentMethod: .paymentMethod(2),
            depositAccount: "Undeposited Funds", reference: "P77", note: "qbsync payment:77")
        let paid = readings(change(.payment(OMSRef("payment", 77)), .create, .payment(payment), wave: .settlements))
        #expect(paid.online == paid.desktop)
        #expect(paid.online?.paymentCents == 60_000 && paid.online?.applications.first?.cents == 50_000)
        let application = CreditApplication(
            customer: .patient(12), date: "2026-11-09", document: .invoice(OMSRef("sale", 283), .patient), credit: .creditMemo(OMSRef("return", 9)),
            cents: 1_350, reference: "ARET-9", note: "qbsync return:9 applied")
        let applied = readings(change(.application(OMSRef("return", 9)), .apply, .creditApplication(application), wave: .applications))
        #expect(applied.online == applied.desktop)
        #expect(applied.online?.operation == .apply && applied.online?.applications.map(\.cents) == [1_350, 1_350])
    }
}
