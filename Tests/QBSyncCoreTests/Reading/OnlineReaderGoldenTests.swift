import QBSyncJSON
import Testing

@testable import QBSyncCore

/// Online batch items as the renderer writes them (and an accountant may type them), read back
/// into neutral documents: one golden case a kind the Online renderer writes.
struct OnlineReaderGoldenTests {
    func read(_ item: String, key: String) throws -> ReadDocument {
        try #require(OnlineReader.read(item: try JSONParser.parse(item), key: key))
    }

    func document(_ entity: String, _ kind: DocumentKind?, _ operation: OperationKind, _ key: String, _ fill: (inout ReadDocument) -> Void) -> ReadDocument {
        var document = ReadDocument(entity: entity, kind: kind, operation: operation, key: key)
        fill(&document)
        return document
    }

    @Test func listObjectsGiveTheirNameFlagAndAccount() throws {
        #expect(
            try read(#"{"bId":"b1","operation":"create","Customer":{"DisplayName":"Patient K7QM-2XH4","Active":true}}"#, key: "customer patient:12")
                == document("Customer", .customer, .create, "customer patient:12") { $0.name = "Patient K7QM-2XH4"; $0.active = true })
        #expect(
            try read(
                #"{"bId":"b2","operation":"create","Item":{"Name":"Phonak Audeo","Type":"NonInventory","IncomeAccountRef":{"value":"@account Sales of Product Income"},"UnitPrice":1250.00}}"#,
                key: "item item:5")
                == document("Item", .item, .create, "item item:5") { $0.name = "Phonak Audeo"; $0.incomeAccount = .key("account Sales of Product Income") })
        #expect(
            try read(#"{"bId":"b3","operation":"create","Class":{"Name":"Folsom"}}"#, key: "class location:1")
                == document("Class", .class, .create, "class location:1") { $0.name = "Folsom" })
        #expect(
            try read(#"{"bId":"b4","operation":"create","PaymentMethod":{"Name":"Visa","Type":"CREDIT_CARD"}}"#, key: "paymentmethod method:2")
                == document("PaymentMethod", .paymentMethod, .create, "paymentmethod method:2") { $0.name = "Visa" })
    }

    @Test func anInvoiceGivesItsCustomerNumberDateAndLines() throws {
        let item = #"""
            {"bId":"b1","operation":"create","Invoice":{"CustomerRef":{"value":"@customer patient:12"},"DocNumber":"INV-2025-00283",
            "TxnDate":"2026-11-02","PrivateNote":"qbsync sale:283","Line":[
            {"DetailType":"SalesItemLineDetail","Amount":2500.00,"SalesItemLineDetail":{"ItemRef":{"value":"@item item:5"},
            "ClassRef":{"value":"@class location:1"},"TaxCodeRef":{"value":"NON"},"Qty":2,"UnitPrice":1250.00}},
            {"DetailType":"DiscountLineDetail","Amount":100.00,"DiscountLineDetail":{"DiscountAccountRef":{"value":"77"}}},
            {"DetailType":"SubTotalLineDetail","Amount":2400.00}]}}
            """#
        let expected = document("Invoice", .invoice, .create, "invoice sale:283 patient") {
            $0.customer = .key("customer patient:12")
            $0.number = "INV-2025-00283"
            $0.date = "2026-11-02"
            $0.lines = [
                ReadLine(posting: .item, cents: 250_000, item: .key("item item:5"), lineClass: .key("class location:1"), quantity: "2", unitPriceCents: 125_000),
                ReadLine(posting: .discount, cents: 10_000, account: .id("77")),
                ReadLine(posting: .none, cents: 240_000),
            ]
        }
        let read = try read(item, key: "invoice sale:283 patient")
        #expect(read == expected)
        #expect(read.cents == 240_000)
    }

    @Test func aPaymentGivesItsTotalDepositAndWhatItPays() throws {
        let item = #"""
            {"bId":"b1","operation":"create","Payment":{"CustomerRef":{"value":"@customer payer:3"},"TotalAmt":600.00,"TxnDate":"2026-11-03",
            "Line":[{"Amount":500.00,"LinkedTxn":[{"TxnId":"@invoice sale:283 payer:3","TxnType":"Invoice"}]}],
            "PaymentMethodRef":{"value":"@paymentmethod method:2"},"DepositToAccountRef":{"value":"@account Undeposited Funds"},
            "PaymentRefNum":"77","PrivateNote":"qbsync payment:77"}}
            """#
        #expect(
            try read(item, key: "payment payment:77")
                == document("Payment", .payment, .create, "payment payment:77") {
                    $0.customer = .key("customer payer:3")
                    $0.totalCents = 60_000
                    $0.date = "2026-11-03"
                    $0.reference = "77"
                    $0.paymentMethod = .key("paymentmethod method:2")
                    $0.depositAccount = .key("account Undeposited Funds")
                    $0.applications = [ReadApplication(cents: 50_000, targets: [.init(entity: "Invoice", document: .key("invoice sale:283 payer:3"))])]
                })
    }

    @Test func aCreditMemoAndARefundReceiptAreSalesDocuments() throws {
        let line = #"{"DetailType":"SalesItemLineDetail","Amount":13.50,"SalesItemLineDetail":{"ItemRef":{"value":"@item item:5"},"ClassRef":{"value":"@class location:1"}}}"#
        for (entity, kind, key) in [("CreditMemo", DocumentKind.creditMemo, "creditmemo return:9"), ("RefundReceipt", .refundReceipt, "refundreceipt refund:4")] {
            let item = #"{"bId":"b1","operation":"create","\#(entity)":{"CustomerRef":{"value":"@customer patient:12"},"DocNumber":"RF-4","TxnDate":"2026-11-12","#
                + #""DepositToAccountRef":{"value":"@account Checking"},"Line":[\#(line)]}}"#
            #expect(
                try read(item, key: key)
                    == document(entity, kind, .create, key) {
                        $0.customer = .key("customer patient:12")
                        $0.number = "RF-4"
                        $0.date = "2026-11-12"
                        $0.depositAccount = .key("account Checking")
                        $0.lines = [ReadLine(posting: .item, cents: 1_350, item: .key("item item:5"), lineClass: .key("class location:1"))]
                    })
        }
    }

    @Test func aCreditApplicationIsAPaymentOfZeroLinkingBothDocuments() throws {
        let item = #"""
            {"bId":"b1","operation":"create","Payment":{"CustomerRef":{"value":"@customer patient:12"},"TotalAmt":0,"TxnDate":"2026-11-09",
            "PaymentRefNum":"ARET-9","PrivateNote":"qbsync return:9 applied","Line":[
            {"Amount":"@open-balance","LinkedTxn":[{"TxnId":"@invoice sale:283 patient","TxnType":"Invoice"}]},
            {"Amount":"@open-balance","LinkedTxn":[{"TxnId":"@creditmemo return:9","TxnType":"CreditMemo"}]}]}}
            """#
        // Without a key, the reader tells an application from a payment by the credit memo it links.
        let read = try #require(OnlineReader.read(item: try JSONParser.parse(item)))
        #expect(read.kind == .creditApplication && read.operation == .apply)
        #expect(read.totalCents == 0 && read.reference == "ARET-9" && read.customer == .key("customer patient:12"))
        #expect(
            read.applications == [
                ReadApplication(cents: nil, openBalance: true, targets: [.init(entity: "Invoice", document: .key("invoice sale:283 patient"))]),
                ReadApplication(cents: nil, openBalance: true, targets: [.init(entity: "CreditMemo", document: .key("creditmemo return:9"))]),
            ])
    }

    @Test func voidsDeletesAndDeactivationsNameTheObjectOnly() throws {
        let void = #"{"bId":"b1","operation":"void","Invoice":{"Id":"@invoice sale:283 patient","SyncToken":"@synctoken invoice sale:283 patient"}}"#
        #expect(try read(void, key: "invoice sale:283 patient") == document("Invoice", .invoice, .void, "invoice sale:283 patient") { $0.id = .key("invoice sale:283 patient") })
        let delete = #"{"bId":"b1","operation":"delete","Payment":{"Id":"146","SyncToken":"0"}}"#
        #expect(try read(delete, key: "payment payment:77") == document("Payment", .payment, .delete, "payment payment:77") { $0.id = .id("146") })
        let deactivate = #"{"bId":"b1","operation":"update","Customer":{"Id":"@customer patient:12","SyncToken":"@synctoken customer patient:12","sparse":true,"Active":false}}"#
        #expect(
            try read(deactivate, key: "customer patient:12")
                == document("Customer", .customer, .deactivate, "customer patient:12") { $0.id = .key("customer patient:12"); $0.active = false })
        // A sparse update that changes more than the flag is an update.
        let update = #"{"bId":"b1","operation":"update","Customer":{"Id":"58","SyncToken":"3","sparse":true,"DisplayName":"Pat Q"}}"#
        #expect(try read(update, key: "customer patient:12").operation == .update)
    }

    @Test func withTheChecksDetailItGivesTextsPlaceholdersAndBadAmounts() throws {
        let item = #"""
            {"bId":"b1","operation":"create","Invoice":{"CustomerRef":{"value":"@customer patient:12"},"PrivateNote":"@not an id",
            "Line":[{"DetailType":"SalesItemLineDetail","Amount":"12,50","SalesItemLineDetail":{"ItemRef":{"value":"@item item:5"}}}]}}
            """#
        let read = try #require(OnlineReader.read(item: try JSONParser.parse(item), checks: true))
        #expect(read.texts == [ReadText("Invoice.Line[0].Amount", "12,50"), ReadText("Invoice.Line[0].DetailType", "SalesItemLineDetail"), ReadText("Invoice.PrivateNote", "@not an id")])
        #expect(read.placeholders == [ReadText("Invoice.CustomerRef.value", "customer patient:12"), ReadText("Invoice.Line[0].SalesItemLineDetail.ItemRef.value", "item item:5")])
        #expect(read.badAmounts == ["Invoice.Line[0].Amount"])
    }
}
