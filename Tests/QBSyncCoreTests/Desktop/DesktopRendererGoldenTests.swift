import QBSyncXML
import Testing

@testable import QBSyncCore

/// A few Desktop renderings, byte for byte: what an accountant reads in a `.qbxml` set.
struct DesktopRendererGoldenTests {
    let renderer = DesktopRenderer()

    func text(_ change: PlannedChange) -> String { XMLTreeWriter.write(renderer.render(change).qbxml!) }

    func change(_ key: ObjectKey, _ operation: OperationKind, _ books: BooksChange) -> PlannedChange {
        PlannedChange(key: key, ref: key.reference, operation: operation, change: books, wave: .documents)
    }

    @Test func anInvoiceNamesItsLocationAndCarriesTheOMSNumberInTheMemo() {
        let lines = [
            SalesLineChange(item: .item(5), classKey: .locationClass(1), cents: 250_000, quantityMilli: 2000, unitPriceCents: 125_000),
            SalesLineChange(item: .genericItem("sales_tax"), classKey: .locationClass(1), cents: 1_305),
        ]
        var invoice = SalesDocument(customer: .patient(12), number: "INV-00283", date: "2026-11-02", lines: lines, note: "qbsync sale:283")
        invoice.omsNumber = "INV-2025-00283"
        #expect(
            text(change(.invoice(OMSRef("sale", 283), .patient), .create, .invoice(invoice)))
                == "<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
                + "<ClassRef><ListID>@class location:1</ListID></ClassRef><TxnDate>2026-11-02</TxnDate><RefNumber>INV-00283</RefNumber>"
                + "<Memo>INV-2025-00283 · qbsync sale:283</Memo>"
                + "<InvoiceLineAdd><ItemRef><ListID>@item item:5</ListID></ItemRef><Quantity>2</Quantity>"
                + "<ClassRef><ListID>@class location:1</ListID></ClassRef><Amount>2500.00</Amount></InvoiceLineAdd>"
                + "<InvoiceLineAdd><ItemRef><ListID>@item generic:sales_tax</ListID></ItemRef>"
                + "<ClassRef><ListID>@class location:1</ListID></ClassRef><Amount>13.05</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>")
        // An edit replaces every line: each is sent as new.
        let mod = text(change(.invoice(OMSRef("sale", 283), .patient), .update, .invoice(invoice)))
        #expect(mod.hasPrefix("<InvoiceModRq><InvoiceMod><TxnID>@invoice sale:283 patient</TxnID><EditSequence>@editsequence invoice sale:283 patient</EditSequence><CustomerRef>"))
        #expect(mod.components(separatedBy: "<InvoiceLineMod><TxnLineID>-1</TxnLineID>").count == 3)
    }

    @Test func aPaymentIsTheMoneyReceivedAppliedToTheInvoicesItPays() {
        let payment = PaymentChange(
            customer: .payer(3), totalCents: 60_000, date: "2026-11-03",
            applications: [.init(invoice: .invoice(OMSRef("sale", 283), .payer(3)), cents: 50_000)], paymentMethod: .paymentMethod(2),
            depositAccount: "Undeposited Funds", reference: "P77", note: "qbsync payment:77")
        #expect(
            text(change(.payment(OMSRef("payment", 77)), .create, .payment(payment)))
                == "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>@customer payer:3</ListID></CustomerRef>"
                + "<TxnDate>2026-11-03</TxnDate><RefNumber>P77</RefNumber><TotalAmount>600.00</TotalAmount>"
                + "<PaymentMethodRef><ListID>@paymentmethod method:2</ListID></PaymentMethodRef><Memo>qbsync payment:77</Memo>"
                + "<DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>"
                + "<AppliedToTxnAdd><TxnID>@invoice sale:283 payer:3</TxnID><PaymentAmount>500.00</PaymentAmount></AppliedToTxnAdd>"
                + "</ReceivePaymentAdd></ReceivePaymentAddRq>")
        var unapplied = payment
        unapplied.applications = []
        #expect(text(change(.payment(OMSRef("payment", 78)), .create, .payment(unapplied))).contains("</DepositToAccountRef><IsAutoApply>false</IsAutoApply></ReceivePaymentAdd>"))
        #expect(
            text(change(.payment(OMSRef("payment", 77)), .delete, .delete))
                == "<TxnDelRq><TxnDelType>ReceivePayment</TxnDelType><TxnID>@payment payment:77</TxnID></TxnDelRq>")
    }

    @Test func aCreditMemoIsAppliedByAZeroPaymentThatSetsTheCredit() {
        let application = CreditApplication(
            customer: .patient(12), date: "2026-11-09", document: .invoice(OMSRef("sale", 283), .patient), credit: .creditMemo(OMSRef("return", 9)),
            cents: nil, reference: "ARET-9", note: "qbsync return:9 applied")
        #expect(
            text(change(.application(OMSRef("return", 9)), .apply, .creditApplication(application)))
                == "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
                + "<TxnDate>2026-11-09</TxnDate><RefNumber>ARET-9</RefNumber><TotalAmount>0.00</TotalAmount><Memo>qbsync return:9 applied</Memo>"
                + "<DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>"
                + "<AppliedToTxnAdd><TxnID>@invoice sale:283 patient</TxnID><PaymentAmount>0.00</PaymentAmount>"
                + "<SetCredit><CreditTxnID>@creditmemo return:9</CreditTxnID><AppliedAmount>@open-balance</AppliedAmount></SetCredit>"
                + "</AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>")
    }

    @Test func aRefundIsLinkedToTheCreditItPaysOut() {
        let refund = CreditRefund(
            customer: .patient(12), number: "RF-4", omsNumber: "RF-4", date: "2026-11-12", cents: 1_350,
            credit: .creditMemo(.creditMemo(OMSRef("return", 9))), bankAccount: "Checking", paymentMethod: .paymentMethod(2),
            classKey: .locationClass(1), note: "qbsync refund:4")
        #expect(
            text(change(.refundReceipt(OMSRef("refund", 4)), .create, .creditRefund(refund)))
                == "<ARRefundCreditCardAddRq><ARRefundCreditCardAdd><CustomerRef><ListID>@customer patient:12</ListID></CustomerRef>"
                + "<RefundFromAccountRef><FullName>Checking</FullName></RefundFromAccountRef><TxnDate>2026-11-12</TxnDate><RefNumber>RF-4</RefNumber>"
                + "<PaymentMethodRef><ListID>@paymentmethod method:2</ListID></PaymentMethodRef><Memo>RF-4 · qbsync refund:4</Memo>"
                + "<RefundAppliedToTxnAdd><TxnID>@creditmemo return:9</TxnID><RefundAmount>13.50</RefundAmount></RefundAppliedToTxnAdd>"
                + "</ARRefundCreditCardAdd></ARRefundCreditCardAddRq>")
    }

    @Test func aRedactedPatientIsAPseudonymAndADeactivationOnlyItsFlag() {
        #expect(
            text(change(.patient(12), .create, .customer(CustomerChange(displayName: "Patient K7QM-2XH4"))))
                == "<CustomerAddRq><CustomerAdd><Name>Patient K7QM-2XH4</Name><IsActive>true</IsActive></CustomerAdd></CustomerAddRq>")
        #expect(
            text(change(.patient(12), .deactivate, .activeFlag(false)))
                == "<CustomerModRq><CustomerMod><ListID>@customer patient:12</ListID><EditSequence>@editsequence customer patient:12</EditSequence>"
                + "<IsActive>false</IsActive></CustomerMod></CustomerModRq>")
        #expect(
            text(change(.paymentMethod(2), .create, .paymentMethod(name: "Visa & Co <card>", kind: "card")))
                == "<PaymentMethodAddRq><PaymentMethodAdd><Name>Visa &amp; Co &lt;card&gt;</Name><PaymentMethodType>OtherCreditCard</PaymentMethodType></PaymentMethodAdd></PaymentMethodAddRq>")
    }

    @Test func aCreditMemoAddedEarlierInTheSetIsNamedByItsMacro() {
        let memo = XMLTreeElement("CreditMemoAddRq", children: [XMLTreeElement("CreditMemoAdd", children: [.leaf("RefNumber", "WO-30")])])
        let application = XMLTreeElement(
            "ReceivePaymentAddRq",
            children: [
                XMLTreeElement(
                    "ReceivePaymentAdd",
                    children: [
                        XMLTreeElement(
                            "AppliedToTxnAdd",
                            children: [
                                .leaf("TxnID", "@invoice sale:1 patient"),
                                XMLTreeElement("SetCredit", children: [.leaf("CreditTxnID", "@creditmemo write_off:30"), .leaf("AppliedAmount", "5.00")]),
                            ])
                    ])
            ])
        let set = QBXMLMessageSet(operations: [("b1", "creditmemo write_off:30", memo), ("b2", "application write_off:30", application)])
        #expect(set.requests[0].element.children[0].attribute("defMacro") == "TxnID:creditmemo_write_off_30")
        #expect(set.requests[0].element.attribute("requestID") == "b1 creditmemo write_off:30")
        let credit = set.requests[1].element.children[0].child("AppliedToTxnAdd")!
        #expect(credit.text(of: "TxnID") == "@invoice sale:1 patient")
        #expect(credit.child("SetCredit")?.child("CreditTxnID") == XMLTreeElement("CreditTxnID", attributes: [.init("useMacro", "TxnID:creditmemo_write_off_30")]))
    }
}
