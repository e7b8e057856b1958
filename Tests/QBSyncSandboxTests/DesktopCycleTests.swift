import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopCycleTests {
    @Test func aSaleIsPaidCreditedAndRefundedWithEveryBalanceRightToTheCent() throws {
        let books = try DesktopHarness()
        try books.basics()
        let answers = try books.ok(
            """
            <InvoiceAddRq requestID="op-1"><InvoiceAdd defMacro="TxnID:inv">
              <CustomerRef><FullName>ann</FullName></CustomerRef><ClassRef><FullName>Main Street</FullName></ClassRef>
              <TxnDate>2026-11-20</TxnDate><RefNumber>S00283</RefNumber><Memo>INV-2025-00283 · qbsync sale:283</Memo>
              <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Quantity>2</Quantity></InvoiceLineAdd>
              <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Quantity>1</Quantity><Rate>49.995</Rate></InvoiceLineAdd>
            </InvoiceAdd></InvoiceAddRq>
            <ReceivePaymentAddRq requestID="op-2"><ReceivePaymentAdd>
              <CustomerRef><FullName>Ann</FullName></CustomerRef><TxnDate>2026-11-21</TxnDate><TotalAmount>200.00</TotalAmount>
              <PaymentMethodRef><FullName>Visa</FullName></PaymentMethodRef><DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>
              <AppliedToTxnAdd><TxnID useMacro="TxnID:inv"/><PaymentAmount>120.00</PaymentAmount></AppliedToTxnAdd>
            </ReceivePaymentAdd></ReceivePaymentAddRq>
            <CreditMemoAddRq requestID="op-3"><CreditMemoAdd defMacro="TxnID:cm">
              <CustomerRef><FullName>Ann</FullName></CustomerRef><TxnDate>2026-11-22</TxnDate><RefNumber>R00017</RefNumber>
              <CreditMemoLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>100.00</Amount></CreditMemoLineAdd>
            </CreditMemoAdd></CreditMemoAddRq>
            <ReceivePaymentAddRq requestID="op-4"><ReceivePaymentAdd>
              <CustomerRef><FullName>Ann</FullName></CustomerRef><TxnDate>2026-11-22</TxnDate><TotalAmount>0.00</TotalAmount>
              <AppliedToTxnAdd><TxnID useMacro="TxnID:inv"/><PaymentAmount>0.00</PaymentAmount>
                <SetCredit><CreditTxnID useMacro="TxnID:cm"/><AppliedAmount>60.00</AppliedAmount></SetCredit></AppliedToTxnAdd>
            </ReceivePaymentAdd></ReceivePaymentAddRq>
            <ARRefundCreditCardAddRq requestID="op-5"><ARRefundCreditCardAdd>
              <CustomerRef><FullName>Ann</FullName></CustomerRef><RefundFromAccountRef><FullName>Checking</FullName></RefundFromAccountRef>
              <TxnDate>2026-11-23</TxnDate><PaymentMethodRef><FullName>Visa</FullName></PaymentMethodRef>
              <RefundAppliedToTxnAdd><TxnID useMacro="TxnID:cm"/><RefundAmount>40.00</RefundAmount></RefundAppliedToTxnAdd>
            </ARRefundCreditCardAdd></ARRefundCreditCardAddRq>
            """)
        #expect(answers.map { $0.attribute("requestID") } == ["op-1", "op-2", "op-3", "op-4", "op-5"])
        #expect(answers.map(\.name) == [
            "InvoiceAddRs", "ReceivePaymentAddRs", "CreditMemoAddRs", "ReceivePaymentAddRs", "ARRefundCreditCardAddRs",
        ])
        let added = try #require(answers[0].child("InvoiceRet"))
        #expect(added.children(named: "InvoiceLineRet").map { $0.text(of: "Amount") } == ["300.00", "50.00"])
        #expect(added.text(of: "Subtotal") == "350.00")
        #expect(added.text(at: ["ClassRef", "FullName"]) == "Main Street")
        #expect(answers[1].child("ReceivePaymentRet")?.text(of: "UnusedPayment") == "80.00")
        #expect(answers[4].child("ARRefundCreditCardRet")?.text(of: "TotalAmount") == "40.00")

        let invoiceID = try #require(added.text(of: "TxnID"))
        let invoice = try books.query("Invoice", txnID: invoiceID)
        #expect(invoice.text(of: "BalanceRemaining") == "170.00")
        #expect(invoice.text(of: "IsPaid") == "false")
        #expect(invoice.children(named: "LinkedTxn").map { $0.text(of: "Amount") } == ["-120.00", "-60.00"])
        let memoID = try #require(answers[2].child("CreditMemoRet")?.text(of: "TxnID"))
        let memo = try books.query("CreditMemo", txnID: memoID)
        #expect(memo.text(of: "TotalAmount") == "100.00")
        #expect(memo.text(of: "CreditRemaining") == "0.00")
        let customer = try books.ret("<CustomerQueryRq><FullName>Ann</FullName></CustomerQueryRq>")
        // 170.00 still owed on the invoice, less the 80.00 the first payment left unapplied.
        #expect(customer.text(of: "Balance") == "90.00")

        let paid = try books.ret(
            """
            <ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>170.00</TotalAmount>
            <AppliedToTxnAdd><TxnID>\(invoiceID)</TxnID><PaymentAmount>170.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>
            """)
        #expect(paid.text(of: "UnusedPayment") == "0.00")
        let settled = try books.query("Invoice", txnID: invoiceID)
        #expect(settled.text(of: "BalanceRemaining") == "0.00")
        #expect(settled.text(of: "IsPaid") == "true")
    }

}
