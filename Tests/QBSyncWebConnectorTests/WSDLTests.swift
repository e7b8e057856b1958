import Foundation
import QBSyncXML
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `GET /qbwc?wsdl`.
struct WSDLTests {
    @Test func theWSDLNamesEveryMethodWithIntuitsParameterNamesAndTheProxysAddress() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1))
        defer { harness.stop() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(harness.server.port)/qbwc?wsdl")!)
        request.setValue("books.brightears.example", forHTTPHeaderField: "Host")
        request.setValue("https", forHTTPHeaderField: "X-Forwarded-Proto")

        let (data, response) = try await URLSession(configuration: .ephemeral).data(for: request)

        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let definitions = try XMLTreeReader.read(data: data).root
        let schema = try #require(definitions.child("wsdl:types")?.child("s:schema"))
        func parameters(_ element: String) -> [String] {
            let wrapper = schema.children.first { $0.name == "s:element" && $0.attribute("name") == element }
            return wrapper?.child("s:complexType")?.child("s:sequence")?.children.compactMap { $0.attribute("name") } ?? []
        }
        #expect(parameters("authenticate") == ["strUserName", "strPassword"])
        #expect(parameters("sendRequestXML") == ["ticket", "strHCPResponse", "strCompanyFileName", "qbXMLCountry", "qbXMLMajorVers", "qbXMLMinorVers"])
        #expect(parameters("receiveResponseXML") == ["ticket", "response", "hresult", "message"])
        #expect(parameters("receiveResponseXMLResponse") == ["receiveResponseXMLResult"])
        #expect(parameters("connectionError") == ["ticket", "hresult", "message"])
        let operations = definitions.child("wsdl:portType")?.children.compactMap { $0.attribute("name") } ?? []
        #expect(Set(operations) == [
            "serverVersion", "clientVersion", "authenticate", "sendRequestXML", "receiveResponseXML", "connectionError", "getLastError",
            "closeConnection", "getInteractiveURL", "interactiveRejected", "interactiveDone",
        ])
        let address = definitions.child("wsdl:service")?.child("wsdl:port")?.child("soap:address")?.attribute("location")
        #expect(address == "https://books.brightears.example/qbwc")
    }
}

extension WSDLTests {
    @Test func everyMethodTheWSDLNamesIsAnsweredWithItsResultElement() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1))
        defer { harness.stop() }
        let (wsdlData, _) = try await URLSession(configuration: .ephemeral).data(from: URL(string: "http://127.0.0.1:\(harness.server.port)/qbwc?wsdl")!)
        let schema = try #require(try XMLTreeReader.read(data: wsdlData).root.child("wsdl:types")?.child("s:schema"))
        let operations = try XMLTreeReader.read(data: wsdlData).root.child("wsdl:portType")?.children.compactMap { $0.attribute("name") } ?? []
        #expect(operations.count == 11)

        for operation in operations {
            let wrapper = schema.children.first { $0.name == "s:element" && $0.attribute("name") == operation }
            let names = wrapper?.child("s:complexType")?.child("s:sequence")?.children.compactMap { $0.attribute("name") } ?? []
            let parameters = names.map { "<\($0)>\($0.hasPrefix("qbXML") && $0.hasSuffix("Vers") ? "13" : "x")</\($0)>" }.joined()
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(harness.server.port)/qbwc")!)
            request.httpMethod = "POST"
            request.setValue("\"http://developer.intuit.com/\(operation)\"", forHTTPHeaderField: "SOAPAction")
            request.httpBody = Data(
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><\(operation) xmlns=\"http://developer.intuit.com/\">\(parameters)</\(operation)></soap:Body></soap:Envelope>".utf8)

            let (data, response) = try await URLSession(configuration: .ephemeral).data(for: request)

            #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(operation)")
            let body = try XMLTreeReader.read(data: data).root.child("soap:Body")
            #expect(body?.child("\(operation)Response")?.child("\(operation)Result") != nil, "\(operation)")
        }
        #expect(harness.work.events.isEmpty)
    }
}
