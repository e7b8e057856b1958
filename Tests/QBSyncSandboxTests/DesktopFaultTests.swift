import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopFaultTests {
    @Test func quickBooksNotRunningFailsTheSession() throws {
        let books = try DesktopHarness(faults: try DesktopFaults(spec: "not-running"))
        guard case .failed(let hresult, _) = books.company.openSession(companyFile: "") else {
            Issue.record("the session opened")
            return
        }
        #expect(hresult == "0x80040408")
        books.company.faults = DesktopFaults()
        #expect(books.company.openSession(companyFile: "") == .opened)
        #expect(books.company.openSession(companyFile: #"C:\Other.qbw"#) != .opened)
    }

    @Test(arguments: [
        ("in-use=2", "3175"), ("lock=2", "3176"), ("changed=2", "3170"), ("internal-error=2", "1000"), ("unavailable=2", "1010"),
    ])
    func theNthWriteIsRefusedOnceAndChangesNothing(_ spec: String, _ code: String) throws {
        let books = try DesktopHarness(faults: try DesktopFaults(spec: spec))
        let answers = try books.answer(
            """
            <CustomerAddRq requestID="a"><CustomerAdd><Name>Ann</Name></CustomerAdd></CustomerAddRq>
            <CustomerQueryRq requestID="q"><FullName>Ann</FullName></CustomerQueryRq>
            <CustomerAddRq requestID="b"><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>
            """, onError: "continueOnError"
        ).children
        #expect(answers.map { $0.attribute("statusCode") } == ["0", "0", code])
        #expect(books.company.state.entry(named: "Bob", kinds: ["Customer"]) == nil)
        try books.ok("<CustomerAddRq requestID=\"b\"><CustomerAdd><Name>Bob</Name></CustomerAdd></CustomerAddRq>")
    }

    @Test func anUnexpectedErrorAfterTheCommitLeavesAStoredAnswerToRecover() throws {
        let books = try DesktopHarness(faults: try DesktopFaults(spec: "unexpected=1"))
        let lost = books.send(DesktopRecoveryTests.add, attributes: "newMessageSetID=\"r1\"")
        #expect(lost == .failure(hresult: "0x80040402", message: "An unexpected error occurred in QuickBooks."))
        let recovered = try books.answer("", attributes: "newMessageSetID=\"r1\" oldMessageSetID=\"r1\"")
        #expect(recovered.children.first?.text(at: ["CustomerRet", "Name"]) == "Ann")
        #expect(books.company.state.lists.filter { $0.kind == "Customer" }.count == 1)
    }

    @Test(arguments: [
        ("", DesktopFaults()),
        ("not-running, in-use=3", { var f = DesktopFaults(); f.notRunning = true; f.recordInUseAt = 3; return f }()),
        ("lock=1,internal-error=4,unexpected=2", { var f = DesktopFaults(); f.lockFailedAt = 1; f.internalErrorAt = 4; f.unexpectedAfterCommitAt = 2; return f }()),
        ("changed=5,unavailable=6", { var f = DesktopFaults(); f.listChangedAt = 5; f.unavailableAt = 6; return f }()),
    ])
    func aFaultSpecReadsAsItsFaults(_ spec: String, _ faults: DesktopFaults) throws {
        #expect(try DesktopFaults(spec: spec) == faults)
    }

    @Test(arguments: ["in-use", "in-use=0", "slow=2", "not-running=1"])
    func aBadFaultSpecSaysWhatIsWrong(_ spec: String) {
        #expect(throws: DesktopFaults.SpecError.self) { try DesktopFaults(spec: spec) }
    }
}
