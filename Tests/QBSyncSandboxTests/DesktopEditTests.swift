import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopEditTests {
    @Test func anInvoiceModWithLineModsKeepsOnlyTheLinesItNamesAndAddsMinusOneLines() throws {
        let books = try DesktopHarness()
        try books.basics()
        let added = try books.ret(
            """
            <InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TxnDate>2026-11-20</TxnDate>
            <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>100.00</Amount></InvoiceLineAdd>
            <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>40.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>
            """)
        let txnID = try #require(added.text(of: "TxnID"))
        let first = try #require(added.children(named: "InvoiceLineRet").first?.text(of: "TxnLineID"))
        let sequence = try #require(added.text(of: "EditSequence"))

        let memoOnly = try books.ret(
            """
            <InvoiceModRq><InvoiceMod><TxnID>\(txnID)</TxnID><EditSequence>\(sequence)</EditSequence><Memo>sale:1</Memo></InvoiceMod></InvoiceModRq>
            """)
        #expect(memoOnly.children(named: "InvoiceLineRet").count == 2)
        #expect(memoOnly.text(of: "Subtotal") == "140.00")
        let next = try #require(memoOnly.text(of: "EditSequence"))
        #expect(next != sequence)

        let modified = try books.ret(
            """
            <InvoiceModRq><InvoiceMod><TxnID>\(txnID)</TxnID><EditSequence>\(next)</EditSequence>
            <InvoiceLineMod><TxnLineID>\(first)</TxnLineID><Amount>90.00</Amount></InvoiceLineMod>
            <InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef><FullName>Exam</FullName></ItemRef><Quantity>3</Quantity><Rate>2.50</Rate></InvoiceLineMod>
            </InvoiceMod></InvoiceModRq>
            """)
        let lines = modified.children(named: "InvoiceLineRet")
        #expect(lines.map { $0.text(of: "Amount") } == ["90.00", "7.50"])
        #expect(lines.first?.text(of: "TxnLineID") == first)
        #expect(modified.text(of: "Subtotal") == "97.50")
        #expect(modified.text(of: "Memo") == "sale:1")
    }

    @Test func aVoidedInvoiceIsZeroedAndTheMoneyPaidOnItBecomesUnusedCredit() throws {
        let books = try DesktopHarness()
        try books.basics()
        let invoiceID = try books.invoice("80.00")
        let payment = try books.ret(
            """
            <ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>50.00</TotalAmount>
            <AppliedToTxnAdd><TxnID>\(invoiceID)</TxnID><PaymentAmount>50.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>
            """)
        let paymentID = try #require(payment.text(of: "TxnID"))
        let voided = try books.ok("<TxnVoidRq><TxnVoidType>Invoice</TxnVoidType><TxnID>\(invoiceID)</TxnID></TxnVoidRq>")
        #expect(voided.first?.text(of: "TxnID") == invoiceID)
        let invoice = try books.query("Invoice", txnID: invoiceID)
        #expect(invoice.text(of: "Subtotal") == "0.00")
        #expect(invoice.text(of: "BalanceRemaining") == "0.00")
        #expect(invoice.text(of: "Memo")?.hasPrefix("VOID:") == true)
        #expect(try books.query("ReceivePayment", txnID: paymentID).text(of: "UnusedPayment") == "50.00")
    }

    @Test func aDeletedPaymentIsGoneAndTheInvoiceIsOpenAgain() throws {
        let books = try DesktopHarness()
        try books.basics()
        let invoiceID = try books.invoice("80.00")
        let payment = try books.ret(
            """
            <ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>80.00</TotalAmount>
            <AppliedToTxnAdd><TxnID>\(invoiceID)</TxnID><PaymentAmount>80.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>
            """)
        let paymentID = try #require(payment.text(of: "TxnID"))
        #expect(try books.query("Invoice", txnID: invoiceID).text(of: "IsPaid") == "true")
        try books.ok("<TxnDelRq><TxnDelType>ReceivePayment</TxnDelType><TxnID>\(paymentID)</TxnID></TxnDelRq>")
        #expect(try books.query("Invoice", txnID: invoiceID).text(of: "BalanceRemaining") == "80.00")
        let gone = try books.answer("<ReceivePaymentQueryRq><TxnID>\(paymentID)</TxnID></ReceivePaymentQueryRq>")
        #expect(gone.children.first?.attribute("statusCode") == "1")
    }

    @Test func aPaymentModReplacesItsApplicationsAndMayMoveMoneyBetweenInvoices() throws {
        let books = try DesktopHarness()
        try books.basics()
        let first = try books.invoice("60.00", number: "A1")
        let second = try books.invoice("60.00", number: "A2")
        let payment = try books.ret(
            """
            <ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>60.00</TotalAmount>
            <AppliedToTxnAdd><TxnID>\(first)</TxnID><PaymentAmount>60.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>
            """)
        let modified = try books.ret(
            """
            <ReceivePaymentModRq><ReceivePaymentMod><TxnID>\(payment.text(of: "TxnID") ?? "")</TxnID><EditSequence>\(payment.text(of: "EditSequence") ?? "")</EditSequence>
            <AppliedToTxnMod><TxnID>\(second)</TxnID><PaymentAmount>60.00</PaymentAmount></AppliedToTxnMod></ReceivePaymentMod></ReceivePaymentModRq>
            """)
        #expect(modified.children(named: "AppliedToTxnRet").map { $0.text(of: "TxnID") } == [second])
        #expect(try books.query("Invoice", txnID: first).text(of: "BalanceRemaining") == "60.00")
        #expect(try books.query("Invoice", txnID: second).text(of: "BalanceRemaining") == "0.00")
    }
}
