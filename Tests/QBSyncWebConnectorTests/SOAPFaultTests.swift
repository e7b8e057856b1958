import Foundation
import QBSyncWebConnector
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the service answers to HTTP that is not a Web Connector call.
struct SOAPFaultTests {
    private func post(_ body: String, to harness: WebConnectorHarness, path: String = "/qbwc") async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(harness.server.port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("text/xml; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession(configuration: .ephemeral).data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [
        ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><authenticate>", "not well-formed XML"),
        ("<html><body>hello</body></html>", "not a SOAP envelope"),
        ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>", "exactly one method element"),
        (
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><dropTables xmlns=\"http://developer.intuit.com/\"/></soap:Body></soap:Envelope>",
            "has no method &apos;dropTables&apos;"
        ),
        (
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><authenticate xmlns=\"http://developer.intuit.com/\"><strUserName>qbsync</strUserName></authenticate></soap:Body></soap:Envelope>",
            "authenticate needs the parameter strPassword"
        ),
    ])
    func aMalformedEnvelopeGetsAClientFault(body: String, text: String) async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1))
        defer { harness.stop() }

        let (status, answer) = try await post(body, to: harness)

        #expect(status == 500)
        #expect(answer.contains("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>"))
        #expect(answer.contains(text))
        #expect(harness.work.events.isEmpty)
    }

    @Test func aFaultNeverQuotesTheRequest() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1))
        defer { harness.stop() }
        let body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><authenticate><strPassword>Hunter2-secret</strPassword><x></authenticate></soap:Body></soap:Envelope>"

        let (status, answer) = try await post(body, to: harness)

        #expect(status == 500)
        #expect(!answer.contains("Hunter2"))
    }

    @Test func aPathOtherThanTheServiceIsNotFound() async throws {
        let harness = try WebConnectorHarness(work: QueueWork(count: 1))
        defer { harness.stop() }

        let (status, answer) = try await post("<a/>", to: harness, path: "/admin")

        #expect(status == 404)
        #expect(answer.contains("/qbwc"))
    }
}
