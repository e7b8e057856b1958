import Foundation
import QBSyncCore
import QBSyncSandbox
import Testing

/// The Desktop `BooksReader`: a company with more records than a page is read whole through
/// iterators, each record once, even when a new Web Connector session loses the iterator
/// between pages; markers come from the memo after the OMS number, voided documents are not
/// live, totals are cents; the workspace's copy of the books is kept owner-only and brought up
/// to date by what changed.
struct DesktopBooksReaderTests {
    /// A company holding 7 customers (one inactive), 13 invoices (two of them qbsync's, one
    /// voided) and 3 payments, all but qbsync's entered by hand.
    struct Books {
        let company = try! DesktopCompany(folder: nil)
        var customers: [String] = []
        var handInvoices: [String: Int] = [:]
        var voided = ""
        var payments: [String] = []

        init() throws {
            let screens = DesktopScreens(company: company)
            try screens.prepare()
            for index in 0..<7 { customers.append(try screens.enterCustomer("Hand Customer \(index)", active: index != 6)) }
            for index in 0..<11 {
                let cents = 10_000 + 137 * index
                let id = try screens.enterInvoice(customerID: customers[index % 6], number: "H\(index)", cents: cents, date: "2026-11-0\(1 + index % 9)")
                handInvoices[id] = cents
            }
            _ = try screens.enterInvoice(customerID: customers[0], number: "INV00001", cents: 5_000, date: "2026-11-20", memo: "INV-2025-00001 · qbsync sale:1")
            _ = try screens.enterInvoice(customerID: customers[1], number: "2", cents: 6_000, date: "2026-11-21", memo: "qbsync sale:2")
            voided = handInvoices.keys.sorted()[3]
            try screens.void(invoice: voided)
            for index in 0..<3 { payments.append(try screens.enterPayment(customerID: customers[index], cents: 2_500 + index, date: "2026-11-25")) }
        }
    }

    /// The company's transport, with a new session (its iterators lost) before set number `cutAt`.
    final class CuttingTransport: DesktopTransport, @unchecked Sendable {
        let inner: DesktopCompanyTransport
        let cutAt: Int
        private(set) var sets = 0
        init(_ inner: DesktopCompanyTransport, cutAt: Int) {
            self.inner = inner
            self.cutAt = cutAt
        }
        func exchange(_ messageSet: String, setID: String?) async throws -> DesktopExchange {
            sets += 1
            if sets == cutAt { _ = inner.company.openSession(companyFile: "") }
            return try await inner.exchange(messageSet, setID: setID)
        }
    }

    /// `cutAt` 3: the session ends in the middle of the invoices, after two of their pages.
    @Test(arguments: [0, 3])
    func aCompanyWithMoreRecordsThanAPageIsReadWholeEachRecordOnce(cutAt: Int) async throws {
        let books = try Books()
        let transport = DesktopCompanyTransport(company: books.company)
        let reader = DesktopBooksReader(transport: CuttingTransport(transport, cutAt: cutAt), pageSize: 4)
        let documents = try await reader.documents()

        let invoices = documents.filter { $0.kind == .invoice }
        #expect(invoices.count == 13)
        #expect(Set(invoices.map(\.id)).count == 13, "an invoice was read twice")
        #expect(documents.filter { $0.kind == .payment }.map(\.id).sorted() == books.payments.sorted())
        for (id, cents) in books.handInvoices where id != books.voided {
            let invoice = try #require(invoices.first { $0.id == id })
            #expect(invoice.totalCents == cents && invoice.live && invoice.marker == nil, "\(invoice)")
        }
        let voided = try #require(invoices.first { $0.id == books.voided })
        #expect(!voided.live && voided.totalCents == 0)
        #expect(Set(invoices.compactMap(\.marker).map(\.description)) == ["qbsync sale:1", "qbsync sale:2"])
        #expect(invoices.first { $0.marker?.description == "qbsync sale:1" }?.number == "INV00001")
        // Paged: four invoices a page, so three pages continued the first.
        #expect(transport.sent.filter { $0.contains("InvoiceQueryRq") && $0.contains("iterator=\"Continue\"") }.count >= 3)
        if cutAt > 0 { #expect(transport.sent.filter { $0.contains("InvoiceQueryRq") && $0.contains("iterator=\"Start\"") }.count == 2) }

        let customers = try await reader.names(.customer)
        #expect(customers.map(\.id).sorted() == books.customers.sorted(), "inactive customers are read too")
        #expect(customers.first { $0.id == books.customers[6] }?.active == false)
        #expect(customers.allSatisfy { $0.syncToken != nil && $0.name.hasPrefix("Hand Customer ") })
        let accounts = try await reader.names(.account)
        #expect(accounts.contains { $0.name == "Hand Sales" })
    }

    @Test func theCopyOfTheBooksIsOwnerOnlyAndBroughtUpToDateByWhatChanged() async throws {
        let books = try Books()
        let transport = DesktopCompanyTransport(company: books.company)
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-books-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }

        let first = try await DesktopBooksSnapshot.refresh(transport: transport, workspace: workspace)
        #expect(first.documents.count == 11 + 3, "qbsync's own documents are not in the copy")
        #expect(first.handEntered.documents.count == 10 + 3, "a voided document is not live")
        #expect(first.handEntered.asReadAt == first.readAt)
        let url = DesktopBooksSnapshot.url(workspace: workspace)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The bookkeeper enters one more invoice and voids another; the next session reads what changed.
        let screens = DesktopScreens(company: books.company)
        let late = try screens.enterInvoice(customerID: books.customers[2], number: "LATE", cents: 4_321, date: "2026-11-30")
        let nowVoided = books.handInvoices.keys.sorted().first { $0 != books.voided }!
        try screens.void(invoice: nowVoided)
        let before = transport.sent.count
        let second = try await DesktopBooksSnapshot.refresh(transport: transport, workspace: workspace)
        #expect(transport.sent.dropFirst(before).allSatisfy { $0.contains("FromModifiedDate") }, "the second read asks only for what changed")
        #expect(second.documents.count == 15)
        #expect(second.handEntered.documents.contains { $0.id == late && $0.totalCents == 4_321 })
        #expect(!second.handEntered.documents.contains { $0.id == nowVoided })
        #expect(DesktopBooksSnapshot.load(workspace: workspace) == second)
    }
}
