import Foundation
import QBSyncXML
import Testing

@testable import QBSyncSandbox

struct DesktopResponseDataTests {
    @Test func includeRetElementAndIncludeNoneTrimTheAnswers() throws {
        let books = try DesktopHarness()
        let added = try books.ok(
            "<CustomerAddRq><CustomerAdd><Name>Ann</Name></CustomerAdd><IncludeRetElement>ListID</IncludeRetElement><IncludeRetElement>EditSequence</IncludeRetElement></CustomerAddRq>")
        #expect(added.first?.child("CustomerRet")?.children.map(\.name) == ["ListID", "EditSequence"])
        let none = try books.answer(
            "<CustomerQueryRq><FullName>Ann</FullName></CustomerQueryRq>", attributes: "responseData=\"includeNone\"")
        #expect(none.children.first?.attribute("statusCode") == "0")
        #expect(none.children.first?.children.isEmpty == true)
    }
}
