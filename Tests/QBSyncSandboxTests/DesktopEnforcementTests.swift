import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopEnforcementTests {
    /// One refusal QuickBooks gives on the request itself (the rest of the set may go on).
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        /// Requests that must succeed first.
        var setup: String = ""
        var request: String
        var code: String
        var message: String
        var testDescription: String { name }
    }

    static let invoiceFor = { (customer: String, extra: String) in
        """
        <InvoiceAddRq requestID="x"><InvoiceAdd><CustomerRef><FullName>\(customer)</FullName></CustomerRef>\(extra)
        <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>10.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>
        """
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "a customer name in use, compared without case", request: "<CustomerAddRq requestID=\"x\"><CustomerAdd><Name>ANN</Name></CustomerAdd></CustomerAddRq>",
            code: "3100", message: "The name \"ANN\" of the list element is already in use."),
        Refusal(
            name: "a customer name a vendor holds", request: "<CustomerAddRq requestID=\"x\"><CustomerAdd><Name>phonak</Name></CustomerAdd></CustomerAddRq>",
            code: "3100", message: "already in use"),
        Refusal(
            name: "an item name another item type holds",
            request: "<ItemOtherChargeAddRq requestID=\"x\"><ItemOtherChargeAdd><Name>exam</Name><SalesOrPurchase><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemOtherChargeAdd></ItemOtherChargeAddRq>",
            code: "3100", message: "already in use"),
        Refusal(
            name: "a customer that does not exist", request: invoiceFor("Nobody", ""), code: "3140",
            message: "There is an invalid reference to QuickBooks Customer \"Nobody\" in the Invoice."),
        Refusal(
            name: "an inactive customer",
            setup: "<CustomerAddRq><CustomerAdd><Name>Gone</Name><IsActive>false</IsActive></CustomerAdd></CustomerAddRq>",
            request: invoiceFor("Gone", ""), code: "3140", message: "inactive"),
        Refusal(
            name: "an account that does not exist",
            request: "<ItemServiceAddRq requestID=\"x\"><ItemServiceAdd><Name>Fitting</Name><SalesOrPurchase><AccountRef><FullName>Service Income</FullName></AccountRef></SalesOrPurchase></ItemServiceAdd></ItemServiceAddRq>",
            code: "3140", message: "Account \"Service Income\""),
        Refusal(
            name: "a string longer than its field",
            request: "<CustomerAddRq requestID=\"x\"><CustomerAdd><Name>\(String(repeating: "N", count: 42))</Name></CustomerAdd></CustomerAddRq>",
            code: "3070", message: "\"Name\""),
        Refusal(
            name: "a RefNumber over 11 characters", request: invoiceFor("Ann", "<RefNumber>INV-2025-00283</RefNumber>"),
            code: "3070", message: "\"RefNumber\""),
        Refusal(
            name: "a requestID over 50 characters",
            request: "<CustomerAddRq requestID=\"\(String(repeating: "r", count: 51))\"><CustomerAdd><Name>Bo</Name></CustomerAdd></CustomerAddRq>",
            code: "1060", message: "requestID"),
        Refusal(
            name: "a stale EditSequence",
            request: "<CustomerModRq requestID=\"x\"><CustomerMod><ListID>LIST-ANN</ListID><EditSequence>1</EditSequence><Notes>n</Notes></CustomerMod></CustomerModRq>",
            code: "3200", message: "The provided edit sequence \"1\" is out-of-date."),
        Refusal(
            name: "a Mod of something that is not there",
            request: "<InvoiceModRq requestID=\"x\"><InvoiceMod><TxnID>9-9</TxnID><EditSequence>1</EditSequence></InvoiceMod></InvoiceModRq>",
            code: "3120", message: "\"9-9\""),
        Refusal(
            name: "a payment applying more than is open",
            setup: invoiceFor("Ann", ""),
            request: "<ReceivePaymentAddRq requestID=\"x\"><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>10.01</TotalAmount><AppliedToTxnAdd><TxnID>LAST-TXN</TxnID><PaymentAmount>10.01</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>",
            code: "3210", message: "open balance of 10.00"),
        Refusal(
            name: "a payment applying more than its total",
            setup: invoiceFor("Ann", ""),
            request: "<ReceivePaymentAddRq requestID=\"x\"><ReceivePaymentAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><TotalAmount>5.00</TotalAmount><AppliedToTxnAdd><TxnID>LAST-TXN</TxnID><PaymentAmount>6.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>",
            code: "3210", message: "less than the 6.00 applied"),
        Refusal(
            name: "a refund larger than the credit left",
            setup: "<CreditMemoAddRq><CreditMemoAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><CreditMemoLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>30.00</Amount></CreditMemoLineAdd></CreditMemoAdd></CreditMemoAddRq>",
            request: "<ARRefundCreditCardAddRq requestID=\"x\"><ARRefundCreditCardAdd><CustomerRef><FullName>Ann</FullName></CustomerRef><RefundAppliedToTxnAdd><TxnID>LAST-TXN</TxnID><RefundAmount>30.01</RefundAmount></RefundAppliedToTxnAdd></ARRefundCreditCardAdd></ARRefundCreditCardAddRq>",
            code: "3210", message: "30.00 of credit left"),
        Refusal(
            name: "a date on or before the closing date", request: invoiceFor("Ann", "<TxnDate>2026-06-30</TxnDate>"),
            code: "3171", message: "closing date"),
        Refusal(
            name: "a macro no earlier request defined",
            request: "<TxnVoidRq requestID=\"x\"><TxnVoidType>Invoice</TxnVoidType><TxnID useMacro=\"TxnID:nothing\"/></TxnVoidRq>",
            code: "9100", message: "not defined"),
    ]

    @Test(arguments: refusals)
    func aRequestQuickBooksRefusesAnswersItsCodeAndChangesNothing(_ refusal: Refusal) throws {
        let books = try DesktopHarness()
        try books.basics()
        books.company.addOtherName(kind: "Vendor", name: "Phonak")
        books.company.closingDate = "2026-06-30"
        if !refusal.setup.isEmpty { try books.ok(refusal.setup) }
        let state = books.company.state
        let ann = try #require(state.entry(named: "Ann", kinds: ["Customer"]))
        let lastTxn = state.sales.last?.txnID ?? ""
        let request = refusal.request.replacingOccurrences(of: "LIST-ANN", with: ann.listID)
            .replacingOccurrences(of: "LAST-TXN", with: lastTxn)
        let answer = try #require(try books.answer(request).children.first)
        #expect(answer.attribute("statusCode") == refusal.code)
        #expect(answer.attribute("statusSeverity") == "Error")
        #expect(answer.attribute("statusMessage")?.contains(refusal.message) == true, "\(answer.attribute("statusMessage") ?? "")")
        #expect(answer.children.isEmpty)
        var after = books.company.state
        after.messageSets = state.messageSets
        #expect(after.lists == state.lists && after.sales == state.sales && after.payments == state.payments && after.refunds == state.refunds)
    }

    @Test func aClassWhileClassTrackingIsOffIsRefused() throws {
        let books = try DesktopHarness()
        try books.basics()
        books.company.isUsingClassTracking = false
        let answer = try books.answer(DesktopEnforcementTests.invoiceFor("Ann", "<ClassRef><FullName>Main Street</FullName></ClassRef>"))
        #expect(answer.children.first?.attribute("statusCode") == "3250")
        #expect(books.company.state.sales.isEmpty)
    }

    @Test(arguments: [("stopOnError", ["0", "3100", "3231"], false), ("continueOnError", ["0", "3100", "0"], true)])
    func onErrorDecidesWhetherTheRequestsAfterAFailureRun(onError: String, codes: [String], thirdRuns: Bool) throws {
        let books = try DesktopHarness()
        let answers = try books.answer(
            """
            <CustomerAddRq requestID="a"><CustomerAdd><Name>Ann</Name></CustomerAdd></CustomerAddRq>
            <CustomerAddRq requestID="b"><CustomerAdd><Name>Ann</Name></CustomerAdd></CustomerAddRq>
            <CustomerAddRq requestID="c"><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>
            """, onError: onError
        ).children
        #expect(answers.map { $0.attribute("statusCode") } == codes)
        #expect(answers.map { $0.attribute("requestID") } == ["a", "b", "c"])
        if !thirdRuns { #expect(answers[2].attribute("statusMessage") == "The request has not been processed.") }
        #expect((books.company.state.entry(named: "Bob", kinds: ["Customer"]) != nil) == thirdRuns)
    }

    @Test func aJobNameNeedOnlyBeUniqueUnderItsParent() throws {
        let books = try DesktopHarness()
        try books.basics()
        let job = try books.ret(
            "<CustomerAddRq><CustomerAdd><Name>Ann</Name><ParentRef><FullName>Ann</FullName></ParentRef></CustomerAdd></CustomerAddRq>")
        #expect(job.text(of: "FullName") == "Ann:Ann")
        #expect(job.text(of: "Sublevel") == "1")
        let again = try books.answer(
            "<CustomerAddRq><CustomerAdd><Name>ann</Name><ParentRef><FullName>Ann</FullName></ParentRef></CustomerAdd></CustomerAddRq>")
        #expect(again.children.first?.attribute("statusCode") == "3100")
    }
}
