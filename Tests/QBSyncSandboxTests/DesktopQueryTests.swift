import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopQueryTests {
    @Test func anIteratorHandsOutPagesWithinOneSessionOnly() throws {
        let books = try DesktopHarness()
        try books.ok((1...5).map { "<CustomerAddRq><CustomerAdd><Name>P\($0)</Name></CustomerAdd></CustomerAddRq>" }.joined())
        #expect(books.company.openSession(companyFile: "") == .opened)
        let start = try #require(
            try books.answer("<CustomerQueryRq iterator=\"Start\"><MaxReturned>2</MaxReturned></CustomerQueryRq>").children.first)
        #expect(start.attribute("retCount") == "2")
        #expect(start.attribute("iteratorRemainingCount") == "3")
        let id = try #require(start.attribute("iteratorID"))
        var names = start.children.compactMap { $0.text(of: "Name") }
        for remaining in ["1", "0"] {
            let page = try #require(
                try books.answer("<CustomerQueryRq iterator=\"Continue\" iteratorID=\"\(id)\"><MaxReturned>2</MaxReturned></CustomerQueryRq>").children.first)
            #expect(page.attribute("iteratorRemainingCount") == remaining)
            names += page.children.compactMap { $0.text(of: "Name") }
        }
        #expect(names == ["P1", "P2", "P3", "P4", "P5"])
        books.company.closeSession()
        let later = try books.answer("<CustomerQueryRq iterator=\"Continue\" iteratorID=\"\(id)\"></CustomerQueryRq>")
        #expect(later.children.first?.attribute("statusCode") == "3120")
    }

    @Test func listFiltersFindByNameActiveStatusAndType() throws {
        let books = try DesktopHarness()
        try books.basics()
        try books.ok("<CustomerAddRq><CustomerAdd><Name>Annette</Name><IsActive>false</IsActive></CustomerAdd></CustomerAddRq>")
        func names(_ query: String) throws -> [String] {
            try books.answer(query).children.first?.children.compactMap { $0.text(of: "Name") } ?? []
        }
        let filter = "<NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>ann</Name></NameFilter>"
        #expect(try names("<CustomerQueryRq>\(filter)</CustomerQueryRq>") == ["Ann"])
        #expect(try names("<CustomerQueryRq><ActiveStatus>All</ActiveStatus>\(filter)</CustomerQueryRq>") == ["Ann", "Annette"])
        #expect(try names("<CustomerQueryRq><FullName>ANNETTE</FullName></CustomerQueryRq>") == ["Annette"])
        #expect(try names("<AccountQueryRq><AccountType>Bank</AccountType></AccountQueryRq>") == ["Checking"])
        #expect(try names("<ItemQueryRq><FullName>Exam</FullName></ItemQueryRq>") == ["Exam"])
        #expect(try names("<PaymentMethodQueryRq><PaymentMethodType>Visa</PaymentMethodType></PaymentMethodQueryRq>") == ["Visa"])
        #expect(try names("<ClassQueryRq/>") == ["Main Street"])
        let none = try books.answer("<CustomerQueryRq><FullName>Nobody</FullName></CustomerQueryRq>").children.first
        #expect(none?.attribute("statusCode") == "1")
        #expect(none?.attribute("statusSeverity") == "Info")
    }

    @Test func aLookupNarrowsInvoicesByCustomerDateAndNumber() throws {
        let books = try DesktopHarness()
        try books.basics()
        try books.ok("<CustomerAddRq><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>")
        let wanted = try books.invoice("10.00", date: "2026-11-20", number: "S283")
        _ = try books.invoice("10.00", date: "2026-11-25", number: "S283")
        _ = try books.invoice("10.00", date: "2026-11-20", number: "S284")
        let found = try books.answer(
            """
            <InvoiceQueryRq><TxnDateRangeFilter><FromTxnDate>2026-11-20</FromTxnDate><ToTxnDate>2026-11-20</ToTxnDate></TxnDateRangeFilter>
            <EntityFilter><FullName>Ann</FullName></EntityFilter><RefNumberFilter><MatchCriterion>EndsWith</MatchCriterion><RefNumber>283</RefNumber></RefNumberFilter></InvoiceQueryRq>
            """
        ).children.first
        #expect(found?.children.compactMap { $0.text(of: "TxnID") } == [wanted])
        let byNumber = try books.answer("<InvoiceQueryRq><RefNumber>s283</RefNumber><IncludeRetElement>TxnID</IncludeRetElement></InvoiceQueryRq>")
        #expect(byNumber.children.first?.children.count == 2)
        #expect(byNumber.children.first?.children.first?.children.map(\.name) == ["TxnID"])
        let other = try books.answer("<InvoiceQueryRq><EntityFilter><FullName>Bob</FullName></EntityFilter></InvoiceQueryRq>")
        #expect(other.children.first?.attribute("statusCode") == "1")
    }

    @Test func namesFollowARenameAndACopyOfTheBooksKeepsItsOwnLists() throws {
        let books = try DesktopHarness()
        try books.basics()
        let ann = try books.ret("<CustomerQueryRq><FullName>Ann</FullName></CustomerQueryRq>")
        try books.ok("<CustomerAddRq><CustomerAdd><Name>Job</Name><ParentRef><FullName>Ann</FullName></ParentRef></CustomerAdd></CustomerAddRq>")
        let copy = books.company.state
        try books.ok(
            """
            <CustomerModRq><CustomerMod><ListID>\(ann.text(of: "ListID") ?? "")</ListID><EditSequence>\(ann.text(of: "EditSequence") ?? "")</EditSequence><Name>Anna</Name></CustomerMod></CustomerModRq>
            <CustomerAddRq><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>
            """)
        #expect(try books.ret("<CustomerQueryRq><FullName>anna:job</FullName></CustomerQueryRq>").text(of: "Sublevel") == "1")
        let old = try books.answer("<CustomerQueryRq><FullName>Ann:Job</FullName></CustomerQueryRq>")
        #expect(old.children.first?.attribute("statusCode") == "1")
        #expect(copy.entry(named: "Ann:Job", kinds: ["Customer"]) != nil)
        #expect(copy.entry(named: "Bob", kinds: ["Customer"]) == nil)
        #expect(books.company.state.entry(named: "BOB", kinds: ["Customer"]) != nil)
    }
}
