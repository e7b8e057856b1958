import QBSyncXML
import Testing

@testable import QBSyncCore

/// qbXML requests as the Desktop renderer writes them, read back into neutral documents: one
/// golden case a kind the Desktop renderer writes.
struct DesktopReaderGoldenTests {
    func read(_ request: String, key: String?, checks: Bool = false) throws -> ReadDocument {
        DesktopReader.read(try XMLTreeReader.read(request).root, key: key, checks: checks)
    }

    func document(_ entity: String, _ kind: DocumentKind?, _ operation: OperationKind, _ key: String, _ fill: (inout ReadDocument) -> Void) -> ReadDocument {
        var document = ReadDocument(entity: entity, kind: kind, operation: operation, key: key)
        fill(&document)
        return document
    }

    @Test func listObjectsGiveTheirNameFlagAndAccount() throws {
        #expect(
            try read("<CustomerAddRq><CustomerAdd><Name>Patient K7QM-2XH4</Name><IsActive>true</IsActive></CustomerAdd></CustomerAddRq>", key: "customer patient:12")
                == document("Customer", .customer, .create, "customer patient:12") { $0.name = "Patient K7QM-2XH4"; $0.active = true })
        let item = "<ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>Phonak Audeo</Name><SalesOrPurchase><Price>1250.00</Price>"
            + "<AccountRef><FullName>Sales of Product Income</FullName></AccountRef></SalesOrPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>"
        #expect(
            try read(item, key: "item item:5")
                == document("Item", .item, .create, "item item:5") { $0.name = "Phonak Audeo"; $0.incomeAccount = .key("account Sales of Product Income") })
        #expect(
            try read("<ClassAddRq><ClassAdd><Name>Folsom</Name></ClassAdd></ClassAddRq>", key: "class location:1")
                == document("Class", .class, .create, "class location:1") { $0.name = "Folsom" })
        #expect(
            try read("<PaymentMethodAddRq><PaymentMethodAdd><Name>Visa</Name><PaymentMethodType>OtherCreditCard</PaymentMethodType></PaymentMethodAdd></PaymentMethodAddRq>", key: nil)
                == document("PaymentMethod", .paymentMethod, .create, "") { $0.key = nil; $0.name = "Visa" })
    }

    @Test func anInvoiceGivesItsCustomerNumberDateClassAndLines() throws {
        let request = "<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
            + "<ClassRef><ListID>@class location:1</ListID></ClassRef><TxnDate>2026-11-02</TxnDate><RefNumber>INV-00283</RefNumber>"
            + "<Memo>INV-2025-00283 · qbsync sale:283</Memo>"
            + "<InvoiceLineAdd><ItemRef><ListID>@item item:5</ListID></ItemRef><Quantity>2</Quantity>"
            + "<ClassRef><ListID>@class location:1</ListID></ClassRef><Amount>2500.00</Amount></InvoiceLineAdd>"
            + "<InvoiceLineAdd><ItemRef><ListID>@item generic:sales_tax</ListID></ItemRef>"
            + "<ClassRef><ListID>@class location:1</ListID></ClassRef><Amount>13.05</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"
        let read = try read(request, key: "invoice sale:283 patient")
        #expect(
            read
                == document("Invoice", .invoice, .create, "invoice sale:283 patient") {
                    $0.customer = .key("customer patient:12")
                    $0.documentClass = .key("class location:1")
                    $0.date = "2026-11-02"
                    $0.number = "INV-00283"
                    $0.lines = [
                        ReadLine(posting: .item, cents: 250_000, item: .key("item item:5"), lineClass: .key("class location:1"), quantity: "2"),
                        ReadLine(posting: .item, cents: 1_305, item: .key("item generic:sales_tax"), lineClass: .key("class location:1")),
                    ]
                })
        #expect(read.cents == 251_305)
    }

    @Test func aReceivedPaymentGivesItsTotalDepositAndWhatItPays() throws {
        let request = "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>@customer payer:3</ListID></CustomerRef>"
            + "<TxnDate>2026-11-03</TxnDate><RefNumber>P77</RefNumber><TotalAmount>600.00</TotalAmount>"
            + "<PaymentMethodRef><ListID>@paymentmethod method:2</ListID></PaymentMethodRef><Memo>qbsync payment:77</Memo>"
            + "<DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>"
            + "<AppliedToTxnAdd><TxnID>@invoice sale:283 payer:3</TxnID><PaymentAmount>500.00</PaymentAmount></AppliedToTxnAdd>"
            + "</ReceivePaymentAdd></ReceivePaymentAddRq>"
        #expect(
            try read(request, key: "payment payment:77")
                == document("Payment", .payment, .create, "payment payment:77") {
                    $0.customer = .key("customer payer:3")
                    $0.date = "2026-11-03"
                    $0.reference = "P77"
                    $0.totalCents = 60_000
                    $0.paymentMethod = .key("paymentmethod method:2")
                    $0.depositAccount = .key("account Undeposited Funds")
                    $0.applications = [ReadApplication(cents: 50_000, targets: [.init(entity: "Invoice", document: .key("invoice sale:283 payer:3"))])]
                })
    }

    @Test func aCreditMemoIsASalesDocumentAndARefundPaysOutItsCredit() throws {
        let memo = "<CreditMemoAddRq><CreditMemoAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef><TxnDate>2026-11-09</TxnDate>"
            + "<RefNumber>RET-9</RefNumber><Memo>qbsync return:9</Memo><CreditMemoLineAdd><ItemRef><ListID>@item item:5</ListID></ItemRef>"
            + "<ClassRef><ListID>@class location:1</ListID></ClassRef><Amount>13.50</Amount></CreditMemoLineAdd></CreditMemoAdd></CreditMemoAddRq>"
        #expect(
            try read(memo, key: "creditmemo return:9")
                == document("CreditMemo", .creditMemo, .create, "creditmemo return:9") {
                    $0.customer = .key("customer patient:12")
                    $0.date = "2026-11-09"
                    $0.number = "RET-9"
                    $0.lines = [ReadLine(posting: .item, cents: 1_350, item: .key("item item:5"), lineClass: .key("class location:1"))]
                })
        let refund = "<ARRefundCreditCardAddRq><ARRefundCreditCardAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
            + "<RefundFromAccountRef><FullName>Checking</FullName></RefundFromAccountRef><TxnDate>2026-11-12</TxnDate><RefNumber>RF-4</RefNumber>"
            + "<PaymentMethodRef><ListID>@paymentmethod method:2</ListID></PaymentMethodRef><Memo>RF-4 · qbsync refund:4</Memo>"
            + "<RefundAppliedToTxnAdd><TxnID>@creditmemo return:9</TxnID><RefundAmount>13.50</RefundAmount></RefundAppliedToTxnAdd>"
            + "</ARRefundCreditCardAdd></ARRefundCreditCardAddRq>"
        #expect(
            try read(refund, key: "refundreceipt refund:4")
                == document("RefundReceipt", .refundReceipt, .create, "refundreceipt refund:4") {
                    $0.customer = .key("customer patient:12")
                    $0.date = "2026-11-12"
                    $0.number = "RF-4"
                    $0.paymentMethod = .key("paymentmethod method:2")
                    $0.lines = [ReadLine(posting: .account(credit: false), cents: 1_350, account: .key("account Checking"))]
                })
    }

    @Test func aCreditApplicationSetsTheCreditAgainstTheInvoice() throws {
        let request = "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
            + "<TxnDate>2026-11-09</TxnDate><RefNumber>ARET-9</RefNumber><TotalAmount>0.00</TotalAmount><Memo>qbsync return:9 applied</Memo>"
            + "<DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>"
            + "<AppliedToTxnAdd><TxnID>@invoice sale:283 patient</TxnID><PaymentAmount>0.00</PaymentAmount>"
            + "<SetCredit><CreditTxnID>@creditmemo return:9</CreditTxnID><AppliedAmount>@open-balance</AppliedAmount></SetCredit>"
            + "</AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>"
        let read = try read(request, key: nil, checks: true)
        #expect(read.kind == .creditApplication && read.operation == .apply && read.entity == "Payment")
        #expect(read.totalCents == 0 && read.reference == "ARET-9")
        #expect(
            read.applications == [
                ReadApplication(cents: nil, openBalance: true, targets: [.init(entity: "Invoice", document: .key("invoice sale:283 patient"))]),
                ReadApplication(cents: nil, openBalance: true, targets: [.init(entity: "CreditMemo", document: .key("creditmemo return:9"))]),
            ])
        // The load's own @open-balance is neither a reference to check nor a bad amount.
        #expect(read.placeholders.map(\.text) == ["customer patient:12", "invoice sale:283 patient", "creditmemo return:9"])
        #expect(read.badAmounts.isEmpty)
        #expect(read.texts.contains(ReadText("ReceivePaymentAddRq/ReceivePaymentAdd/Memo", "qbsync return:9 applied")))
    }

    @Test func voidsDeletesAndDeactivationsNameTheObjectOnly() throws {
        let void = "<TxnVoidRq><TxnVoidType>Invoice</TxnVoidType><TxnID>@invoice sale:283 patient</TxnID></TxnVoidRq>"
        #expect(try read(void, key: "invoice sale:283 patient") == document("Invoice", .invoice, .void, "invoice sale:283 patient") { $0.id = .key("invoice sale:283 patient") })
        let delete = "<TxnDelRq><TxnDelType>ReceivePayment</TxnDelType><TxnID>@payment payment:77</TxnID></TxnDelRq>"
        #expect(try read(delete, key: "payment payment:77") == document("Payment", .payment, .delete, "payment payment:77") { $0.id = .key("payment payment:77") })
        let deactivate = "<CustomerModRq><CustomerMod><ListID>@customer patient:12</ListID><EditSequence>@editsequence customer patient:12</EditSequence>"
            + "<IsActive>false</IsActive></CustomerMod></CustomerModRq>"
        let read = try read(deactivate, key: "customer patient:12", checks: true)
        #expect(read.operation == .deactivate && read.active == false && read.id == .key("customer patient:12"))
        #expect(read.placeholders == [ReadText("CustomerMod/ListID", "customer patient:12"), ReadText("CustomerMod/EditSequence", "editsequence customer patient:12")])
    }

    @Test func aMalformedAmountIsReportedWhereItIs() throws {
        let request = "<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
            + "<InvoiceLineAdd><ItemRef><ListID>@item item:5</ListID></ItemRef><Amount>12,50</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"
        #expect(try read(request, key: nil, checks: true).badAmounts == ["InvoiceAdd/InvoiceLineAdd/Amount"])
    }
}
