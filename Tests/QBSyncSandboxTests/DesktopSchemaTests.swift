import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopSchemaTests {
    /// A set QuickBooks's parser refuses whole (hresult 0x80040400): nothing in it runs.
    struct Rejected: Sendable, CustomTestStringConvertible {
        var name: String
        /// The request after a valid CustomerAdd of "First".
        var request: String
        var onError = "stopOnError"
        var testDescription: String { name }
    }

    static let customerLine = "<CustomerRef><FullName>Ann</FullName></CustomerRef>"
    static let line = "<InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Amount>10.00</Amount></InvoiceLineAdd>"

    static let rejected: [Rejected] = [
        Rejected(
            name: "TxnDate before CustomerRef",
            request: "<InvoiceAddRq><InvoiceAdd><TxnDate>2026-11-20</TxnDate>\(customerLine)\(line)</InvoiceAdd></InvoiceAddRq>"),
        Rejected(
            name: "a line before the Memo",
            request: "<InvoiceAddRq><InvoiceAdd>\(customerLine)\(line)<Memo>m</Memo></InvoiceAdd></InvoiceAddRq>"),
        Rejected(
            name: "an unknown element",
            request: "<CustomerAddRq><CustomerAdd><Name>Bo</Name><Nickname>B</Nickname></CustomerAdd></CustomerAddRq>"),
        Rejected(name: "an unknown request", request: "<SalesReceiptAddRq><SalesReceiptAdd/></SalesReceiptAddRq>"),
        Rejected(
            name: "a bad enum",
            request: "<PaymentMethodAddRq><PaymentMethodAdd><Name>Coin</Name><PaymentMethodType>Bitcoin</PaymentMethodType></PaymentMethodAdd></PaymentMethodAddRq>"),
        Rejected(
            name: "an amount with three decimals",
            request: "<InvoiceAddRq><InvoiceAdd>\(customerLine)<InvoiceLineAdd><Amount>10.005</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"),
        Rejected(
            name: "an amount with a thousands separator",
            request: "<InvoiceAddRq><InvoiceAdd>\(customerLine)<InvoiceLineAdd><Amount>1,000.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"),
        Rejected(name: "a bad boolean", request: "<CustomerAddRq><CustomerAdd><Name>Bo</Name><IsActive>yes</IsActive></CustomerAdd></CustomerAddRq>"),
        Rejected(
            name: "a date that is no date",
            request: "<InvoiceAddRq><InvoiceAdd>\(customerLine)<TxnDate>2026-02-30</TxnDate>\(line)</InvoiceAdd></InvoiceAddRq>"),
        Rejected(
            name: "ClassRef before ParentRef in an ItemNonInventoryAdd",
            request: "<ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>Dome</Name><ClassRef><FullName>Main Street</FullName></ClassRef><ParentRef><FullName>Exam</FullName></ParentRef><SalesOrPurchase><Price>1.00</Price></SalesOrPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>"),
        Rejected(
            name: "IsAutoApply beside AppliedToTxnAdd",
            request: "<ReceivePaymentAddRq><ReceivePaymentAdd>\(customerLine)<IsAutoApply>false</IsAutoApply><AppliedToTxnAdd><TxnID>1</TxnID></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>"),
        Rejected(name: "a payment voided (only deleted)", request: "<TxnVoidRq><TxnVoidType>ReceivePayment</TxnVoidType><TxnID>1</TxnID></TxnVoidRq>"),
        Rejected(name: "a required element missing", request: "<CustomerModRq><CustomerMod><ListID>1</ListID></CustomerMod></CustomerModRq>"),
        Rejected(name: "a defMacro on a list Add", request: "<CustomerAddRq><CustomerAdd defMacro=\"TxnID:c\"><Name>Bo</Name></CustomerAdd></CustomerAddRq>"),
        Rejected(name: "rollbackOnError", request: "", onError: "rollbackOnError"),
    ]

    @Test(arguments: rejected)
    func oneElementWrongRefusesTheWholeSetAndNothingRuns(_ case: Rejected) throws {
        let books = try DesktopHarness()
        try books.basics()
        let before = books.company.state
        let answer = books.send(
            "<CustomerAddRq requestID=\"1\"><CustomerAdd><Name>First</Name></CustomerAdd></CustomerAddRq>\n" + `case`.request,
            onError: `case`.onError)
        guard case .failure(let hresult, let message) = answer else {
            Issue.record("the set was answered: \(answer)")
            return
        }
        #expect(hresult == "0x80040400")
        #expect(message.hasPrefix("QuickBooks found an error when parsing the provided XML text stream."))
        #expect(books.company.state == before)
        #expect(books.company.state.entry(named: "First", kinds: ["Customer"]) == nil)
    }

    @Test(arguments: [
        ("no declaration", "<?qbxml version=\"13.0\"?><QBXML><QBXMLMsgsRq onError=\"stopOnError\"/></QBXML>"),
        ("no qbxml instruction", "<?xml version=\"1.0\"?><QBXML><QBXMLMsgsRq onError=\"stopOnError\"/></QBXML>"),
        ("a version above 13.0", "<?xml version=\"1.0\"?><?qbxml version=\"16.0\"?><QBXML><QBXMLMsgsRq onError=\"stopOnError\"/></QBXML>"),
        ("broken XML", "<?xml version=\"1.0\"?><?qbxml version=\"13.0\"?><QBXML><QBXMLMsgsRq onError=\"stopOnError\"></QBXML>"),
    ])
    func anEnvelopeWithoutItsInstructionsIsRefused(_ name: String, _ text: String) throws {
        let books = try DesktopHarness()
        guard case .failure(let hresult, _) = books.company.process(text) else {
            Issue.record("\(name) was answered")
            return
        }
        #expect(hresult == "0x80040400")
    }

    @Test func everyRequestKindThePipelineSendsIsAcceptedInSchemaOrder() throws {
        let books = try DesktopHarness()
        try books.basics()
        let answers = try books.ok(
            """
            <CustomerAddRq><CustomerAdd><Name>Cy</Name><IsActive>true</IsActive><CompanyName>Acme</CompanyName><FirstName>C</FirstName><LastName>Y</LastName>
              <BillAddress><Addr1>1 Main</Addr1><City>Town</City><State>CA</State><PostalCode>94000</PostalCode></BillAddress><Phone>555</Phone><Email>c@example.org</Email>
              <AccountNumber>patient:1</AccountNumber><Notes>n</Notes><ExternalGUID>{1B7C8E52-3F0A-4C55-9E61-2D4A7B9C0E11}</ExternalGUID></CustomerAdd></CustomerAddRq>
            <ItemNonInventoryAddRq><ItemNonInventoryAdd><Name>Dome</Name><ClassRef><FullName>Main Street</FullName></ClassRef><ManufacturerPartNumber>M1</ManufacturerPartNumber>
              <SalesOrPurchase><Desc>d</Desc><Price>1.50</Price><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemNonInventoryAdd></ItemNonInventoryAddRq>
            <ItemOtherChargeAddRq><ItemOtherChargeAdd><Name>Tax</Name><SalesOrPurchase><PricePercent>7.25</PricePercent><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemOtherChargeAdd></ItemOtherChargeAddRq>
            <AccountQueryRq><AccountType>Income</AccountType></AccountQueryRq>
            <InvoiceAddRq><InvoiceAdd defMacro="TxnID:i"><CustomerRef><FullName>Cy</FullName></CustomerRef><ClassRef><FullName>Main Street</FullName></ClassRef>
              <ARAccountRef><FullName>Accounts Receivable</FullName></ARAccountRef><TxnDate>2026-11-20</TxnDate><RefNumber>S1</RefNumber><PONumber>p</PONumber>
              <DueDate>2026-12-20</DueDate><Memo>m</Memo><Other>o</Other>
              <InvoiceLineAdd><ItemRef><FullName>Exam</FullName></ItemRef><Desc>d</Desc><Quantity>1</Quantity><Rate>10</Rate><ClassRef><FullName>Main Street</FullName></ClassRef>
                <ServiceDate>2026-11-20</ServiceDate><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef><Other1>x</Other1></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>
            <ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Cy</FullName></CustomerRef><TotalAmount>0.00</TotalAmount><ExternalGUID>{0F0F0F0F-0000-4000-8000-000000000031}</ExternalGUID><IsAutoApply>false</IsAutoApply></ReceivePaymentAdd></ReceivePaymentAddRq>
            <InvoiceQueryRq><MaxReturned>10</MaxReturned><TxnDateRangeFilter><FromTxnDate>2026-11-01</FromTxnDate></TxnDateRangeFilter>
              <EntityFilter><FullName>Cy</FullName></EntityFilter><RefNumberFilter><MatchCriterion>StartsWith</MatchCriterion><RefNumber>S</RefNumber></RefNumberFilter>
              <PaidStatus>NotPaidOnly</PaidStatus><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
            """)
        #expect(answers.count == 7)
        #expect(answers[3].children.map { $0.text(of: "Name") } == ["Sales"])
        #expect(answers[5].child("ReceivePaymentRet")?.text(of: "ExternalGUID") == "{0F0F0F0F-0000-4000-8000-000000000031}")
        #expect(answers[6].children.first?.children(named: "InvoiceLineRet").first?.text(of: "Amount") == "10.00")
    }
}
