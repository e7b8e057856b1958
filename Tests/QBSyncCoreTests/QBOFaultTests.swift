import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

struct QBOFaultTests {
    @Test func aTopLevelFaultIsReadWithQuickBooksCasing() throws {
        let body = """
            {"Fault":{"Error":[{"Message":"Request has invalid or unsupported property","Detail":"Property Name:Can not construct instance","code":"2010","element":"Foo"}],"type":"ValidationFault"},"time":"2025-06-15T10:00:00.000-07:00"}
            """
        let fault = try #require(QBOFault.parse(body: Array(body.utf8)))
        #expect(fault.type == "ValidationFault")
        #expect(fault.code == "2010")
        #expect(fault.numericCode == 2010)
        #expect(fault.message == "Request has invalid or unsupported property")
        #expect(fault.detail == "Property Name:Can not construct instance")
        #expect(fault.element == "Foo")
    }

    @Test func anAuthGatewayFaultIsReadWithLowerCaseKeys() throws {
        let body = """
            {"fault":{"error":[{"message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","detail":"Token expired","code":"3200"}],"type":"AUTHENTICATION"},"time":"2025-06-15T10:00:00.000-07:00"}
            """
        let fault = try #require(QBOFault.parse(body: Array(body.utf8)))
        #expect(fault.type == "AUTHENTICATION")
        #expect(fault.numericCode == 3200)
        #expect(fault.detail == "Token expired")
    }

    @Test func aThrottleFaultInXMLIsReadToo() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2025-06-15T10:00:00.000-07:00">
              <Fault type="SERVICE">
                <Error code="3001" element="">
                  <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
                  <Detail>The request limit was reached &amp; retried too soon.</Detail>
                </Error>
              </Fault>
            </IntuitResponse>
            """
        let fault = try #require(QBOFault.parse(body: Array(body.utf8)))
        #expect(fault.type == "SERVICE")
        #expect(fault.numericCode == 3001)
        #expect(fault.message == "message=ThrottleExceeded; errorCode=003001; statusCode=429")
        #expect(fault.detail == "The request limit was reached & retried too soon.")
    }

    @Test func anXMLFaultWithANamespacePrefixAndLowerCaseTagsIsRead() throws {
        let body = "<ns:fault type=\"x\"><ns:error code=\"120\"><ns:message>gone</ns:message></ns:error></ns:fault>"
        let fault = try #require(QBOFault.parse(body: Array(body.utf8)))
        #expect(fault.numericCode == 120)
        #expect(fault.message == "gone")
    }

    @Test(arguments: ["", "not json", "<html><body>Bad gateway</body></html>", "{\"QueryResponse\":{}}"])
    func aBodyWithoutAFaultGivesNone(body: String) {
        #expect(QBOFault.parse(body: Array(body.utf8)) == nil)
    }

    @Test func perItemFaultsInABatchAnswerAreKeyedByBID() throws {
        let answer = try JSONParser.parse(
            """
            {"BatchItemResponse":[
              {"bId":"b2","Fault":{"type":"ValidationFault","Error":[{"Message":"Duplicate Name Exists Error","Detail":"The name supplied already exists.","code":"6240","element":""}]}},
              {"bId":"b1","Customer":{"Id":"58"}},
              {"bId":"b3","fault":{"type":"ValidationFault","error":{"message":"Object Not Found","code":610}}}
            ]}
            """)
        let faults = QBOFault.batchItemFaults(in: answer)
        #expect(Set(faults.keys) == ["b2", "b3"])
        #expect(faults["b2"]?.numericCode == 6240)
        #expect(faults["b3"]?.code == "610")
        #expect(faults["b3"]?.message == "Object Not Found")
    }

    @Test func aFaultDescribesItselfForAHuman() {
        let fault = QBOFault(
            type: "ValidationFault", errors: [.init(code: "6140", message: "Duplicate Document Number Error", detail: "DocNumber=1042")])
        #expect(String(describing: fault) == "code 6140 (ValidationFault): Duplicate Document Number Error: DocNumber=1042")
    }

    @Test func redactingReplacesEchoedCredentials() {
        let fault = QBOFault(type: "AUTHENTICATION", errors: [.init(code: "3200", detail: "Token expired: TOKEN-XYZ-123")])
        #expect(fault.redacting(["TOKEN-XYZ-123"]).detail == "Token expired: <redacted>")
    }
}
