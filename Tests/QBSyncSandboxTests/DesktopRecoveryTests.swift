import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopRecoveryTests {
    static let add = "<CustomerAddRq requestID=\"op-1\"><CustomerAdd><Name>Ann</Name></CustomerAdd></CustomerAddRq>"

    private func customers(_ books: DesktopHarness) -> Int { books.company.state.lists.filter { $0.kind == "Customer" }.count }

    @Test func aSetSentAgainUnderItsIDGetsTheStoredAnswerAndRunsOnce() throws {
        let books = try DesktopHarness()
        let first = try books.answer(Self.add, attributes: "newMessageSetID=\"r0042-3-007\"")
        #expect(first.attribute("newMessageSetID") == "r0042-3-007")
        let listID = first.children.first?.text(at: ["CustomerRet", "ListID"])
        for attributes in ["newMessageSetID=\"r0042-3-007\"", "newMessageSetID=\"r0042-3-007\" oldMessageSetID=\"r0042-3-007\""] {
            let again = try books.answer(Self.add, attributes: attributes)
            #expect(again.attribute("messageSetStatusCode") == "0")
            #expect(again.children.first?.attribute("statusCode") == "0")
            #expect(again.children.first?.attribute("requestID") == "op-1")
            #expect(again.children.first?.text(at: ["CustomerRet", "ListID"]) == listID)
        }
        #expect(customers(books) == 1)
    }

    @Test(arguments: [
        ("the same id with another body", "newMessageSetID=\"r1\"", "9001"),
        ("a status check of a set never stored", "newMessageSetID=\"r9\" oldMessageSetID=\"r9\"", "9002"),
        ("clearing a set never stored", "oldMessageSetID=\"r9\"", "600"),
        ("an id over 23 characters", "newMessageSetID=\"\(String(repeating: "9", count: 24))\"", "9004"),
    ])
    func recoveryAnswersSayWhatIsStored(_ name: String, _ attributes: String, _ code: String) throws {
        let books = try DesktopHarness()
        try books.answer(Self.add, attributes: "newMessageSetID=\"r1\"")
        let other = "<CustomerAddRq requestID=\"op-2\"><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>"
        let answer = try books.answer(code == "600" ? "" : other, attributes: attributes)
        #expect(answer.attribute("messageSetStatusCode") == code, "\(name)")
        #expect(books.company.state.entry(named: "Bob", kinds: ["Customer"]) == nil)
    }

    @Test func clearingASetOrAllSetsForgetsTheirAnswers() throws {
        let books = try DesktopHarness()
        try books.answer(Self.add, attributes: "newMessageSetID=\"r1\"")
        try books.answer("<CustomerAddRq><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>", attributes: "newMessageSetID=\"r2\"")
        #expect(try books.answer("", attributes: "oldMessageSetID=\"r1\"").attribute("messageSetStatusCode") == "0")
        #expect(try books.answer("", attributes: "newMessageSetID=\"r1\" oldMessageSetID=\"r1\"").attribute("messageSetStatusCode") == "9002")
        #expect(books.company.state.messageSets.keys.sorted() == ["r2"])
        try books.answer("", attributes: "oldMessageSetID=\"ClearAllMessageSets\"")
        #expect(books.company.state.messageSets.isEmpty)
    }

    @Test func theCompanyAndItsStoredAnswersSurviveARestart() throws {
        let books = try DesktopHarness()
        try books.basics()
        let invoiceID = try books.invoice("25.00")
        try books.answer(
            "<CustomerAddRq requestID=\"op-9\"><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>",
            attributes: "newMessageSetID=\"r7\"")
        let before = books.company.state
        try books.restart()
        #expect(books.company.state == before)
        let stored = try books.answer("", attributes: "newMessageSetID=\"r7\" oldMessageSetID=\"r7\"")
        #expect(stored.children.first?.attribute("requestID") == "op-9")
        #expect(try books.query("Invoice", txnID: invoiceID).text(of: "BalanceRemaining") == "25.00")
        // New ids go on from where the old process stopped.
        let next = try books.ret("<CustomerAddRq><CustomerAdd><Name>Cy</Name></CustomerAdd></CustomerAddRq>")
        #expect(!before.lists.contains { $0.listID == next.text(of: "ListID") })
        let files = try FileManager.default.contentsOfDirectory(atPath: books.folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == ["company.json", "invoices", "lists", "message-sets", "payments", "refunds", "credit-memos"].sorted())
        let lists = try String(contentsOf: books.folder.appendingPathComponent("lists/0001.json"), encoding: .utf8)
        #expect(lists.contains("\"name\" : \"Cy\""))
        #expect(FileManager.default.fileExists(atPath: books.folder.appendingPathComponent("message-sets/r7.json").path))
    }

    @Test func aLargeCompanyIsKeptAThousandRecordsAFileAndReadBackWhole() throws {
        let books = try DesktopHarness()
        for batch in 0..<4 {
            try books.ok((0..<300).map { "<CustomerAddRq><CustomerAdd><Name>P\(batch)-\($0)</Name></CustomerAdd></CustomerAddRq>" }.joined())
        }
        let chunks = try FileManager.default.contentsOfDirectory(atPath: books.folder.appendingPathComponent("lists").path)
            .filter { !$0.hasPrefix(".") }.sorted()
        // 15 accounts of a new company and 1,200 customers.
        #expect(chunks == ["0001.json", "0002.json"])
        let before = books.company.state
        try books.restart()
        #expect(books.company.state == before)
        #expect(books.company.state.lists.count == 1215)
    }

    @Test func theHostCompanyAndPreferencesAnswerCarryTheFileIDClassTrackingAndClosingDate() throws {
        let books = try DesktopHarness()
        books.company.closingDate = "2026-06-30"
        books.company.storeCompanyDataExt(
            ownerID: "{1B7C8E52-3F0A-4C55-9E61-2D4A7B9C0E11}", name: "FileID", value: "{0F0F0F0F-0000-4000-8000-000000000001}")
        let document = try XMLTreeReader.read(books.company.hostCompanyPreferencesResponse())
        let answers = try #require(document.root.child("QBXMLMsgsRs"))
        #expect(answers.children.map(\.name) == ["HostQueryRs", "CompanyQueryRs", "PreferencesQueryRs"])
        #expect(answers.child("HostQueryRs")?.child("HostRet")?.children(named: "SupportedQBXMLVersion").last?.text == "13.0")
        let ext = answers.child("CompanyQueryRs")?.child("CompanyRet")?.child("DataExtRet")
        #expect(ext?.text(of: "DataExtName") == "FileID")
        #expect(ext?.text(of: "DataExtValue") == "{0F0F0F0F-0000-4000-8000-000000000001}")
        let accounting = answers.child("PreferencesQueryRs")?.child("PreferencesRet")?.child("AccountingPreferences")
        #expect(accounting?.text(of: "IsUsingClassTracking") == "true")
        #expect(accounting?.text(of: "ClosingDate") == "2026-06-30")
    }
}
