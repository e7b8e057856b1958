import Foundation
import QBSyncJSON
import QBSyncSandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct ServerTests {
    @Test func theThrottleAnswers429With3001InJSONOrXML() async throws {
        // A long "minute", so a slow machine cannot outrun the window (tests never depend on time).
        let client = try await SandboxClient.connected {
            $0.limits = SandboxLimits()
            $0.limits.requestsPerMinute = 3
            $0.limits.minuteSeconds = 120
        }
        defer { client.stop() }
        for _ in 0..<3 { #expect(try await client.api("GET", "preferences").status == 200) }
        let throttled = try await client.api("GET", "preferences")
        #expect(throttled.status == 429)
        #expect(throttled.faultCode == "3001")
        let xml = try await client.api("GET", "preferences", accept: "*/*")
        #expect(xml.status == 429)
        #expect(xml.text.contains("<Error code=\"3001\">"))
    }

    @Test func aBurstOverTenASecondIsPartlyThrottledAndNothingHangs() async throws {
        // A ten-minute "minute" makes the "second" ten seconds long, so a slow machine still
        // sends the whole burst within one.
        let client = try await SandboxClient.connected {
            $0.limits = SandboxLimits()
            $0.limits.minuteSeconds = 600
        }
        defer { client.stop() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<25 { group.addTask { try await client.api("GET", "preferences").status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 25)
        #expect(statuses.filter { $0 == 200 }.count <= 10)
        #expect(statuses.filter { $0 == 200 }.count >= 1)
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 })
    }

    @Test func batchRequestsHaveTheirOwnLimit() async throws {
        let client = try await SandboxClient.connected {
            $0.limits = SandboxLimits()
            $0.limits.batchRequestsPerMinute = 1
            $0.limits.requestsPerSecond = 100
        }
        defer { client.stop() }
        let query: [JSONValue] = [["bId": "q", "Query": "select * from Class"]]
        #expect(try await client.batch(query).0.status == 200)
        #expect(try await client.batch(query).0.status == 429)
        #expect(try await client.api("GET", "preferences").status == 200)
    }

    @Test func withoutAcceptJSONTheAnswerIsQuickBooksXML() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let answer = try await client.api("POST", "customer", json: Documents.customer("Patient <X>"), accept: "*/*")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/xml")
        #expect(answer.text.contains("<IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\" time=\""))
        #expect(answer.text.contains("<Customer domain=\"QBO\" sparse=\"false\">"))
        #expect(answer.text.contains("<DisplayName>Patient &lt;X&gt;</DisplayName>"))
        let fault = try await client.api("POST", "customer", json: Documents.customer("Patient <X>"), accept: "application/xml")
        #expect(fault.text.contains("<Fault type=\"ValidationFault\"><Error code=\"6240\""))
    }

    @Test func bodiesMustBeLabelledAsQuickBooksExpects() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let headers = ["Authorization": "Bearer \(client.accessToken)", "Accept": "application/json"]
        let form = try await client.send(
            "POST", client.apiURL("customer"), headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 },
            body: Data(#"{"DisplayName":"P"}"#.utf8))
        #expect(form.status == 415)
        let query = try await client.send(
            "POST", client.apiURL("query"), headers: headers.merging(["Content-Type": "application/json"]) { $1 },
            body: Data("select * from Customer".utf8))
        #expect(query.status == 415)
        #expect(client.server.objects("Customer").isEmpty)
    }

    @Test func stateSurvivesARestartWithTheSameDataFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-sandbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await SandboxClient.connected { $0.dataDirectory = folder }
        let customer = try await first.create("Customer", Documents.customer("Patient Persisted"))["Id"]!.stringValue!
        _ = try await first.create("Invoice", Documents.invoice(customer: customer, docNumber: "P-1", lines: [Documents.line(amount: "12.34")]))
        let voidable = try await first.create("Invoice", Documents.invoice(customer: customer, lines: [Documents.line(amount: "1")]))
        _ = try await first.api("POST", "invoice?operation=void", json: ["Id": voidable["Id"]!, "SyncToken": "0"])
        let payment = try await first.create("Payment", Documents.payment(customer: customer, total: "1", links: []))
        _ = try await first.api("POST", "payment?operation=delete", json: ["Id": payment["Id"]!, "SyncToken": "0"])
        let rotated = try #require(try await first.refresh(first.refreshToken).json["refresh_token"]?.stringValue)
        first.stop()

        let second = try await SandboxClient.connected { $0.dataDirectory = folder }
        defer { second.stop() }
        #expect(second.server.objects("Invoice").first?["TotalAmt"] == .cents(1234))
        #expect(try await second.api("GET", "payment/1").faultCode == "610")
        #expect(try await second.api("POST", "payment", json: Documents.payment(customer: customer, total: "1", links: [("2", "Invoice", "1")])).faultCode == "620")
        #expect(second.server.objects("Customer").first?["Balance"] == .cents(1234))
        let next = try await second.create("Customer", Documents.customer("Patient Two"))
        #expect(next["Id"] == "2")
        #expect(try await second.refresh(rotated).status == 200)
        let duplicate = try await second.api("POST", "invoice", json: Documents.invoice(customer: customer, docNumber: "P-1", lines: [Documents.line(amount: "1")]))
        #expect(duplicate.faultCode == "6140")

        for entity in ["Invoice", "Customer", "Account", "Payment"] {
            let text = try String(contentsOf: folder.appendingPathComponent("company-\(second.realm)/\(entity).json"), encoding: .utf8)
            let saved = try JSONParser.parse(text)
            #expect(JSONWriter.pretty(saved) == text, "\(entity).json is pretty and sorted")
            #expect(saved["objects"]?.arrayValue?.count == second.server.objects(entity).count)
        }
        let log = try String(contentsOf: folder.appendingPathComponent("requests.log"), encoding: .utf8)
        #expect(log.contains("\"path\":\"/v3/company/\(second.realm)/invoice\""))
        #expect(!log.contains("sandbox-secret"))
    }

    @Test func chunkedBodiesKeepAliveAndPercentDecodingWorkOnTheWire() async throws {
        let client = try await SandboxClient.connected()
        defer { client.stop() }
        let body = #"{"DisplayName":"Chunked Patient"}"#
        let half = body.count / 2
        let chunked =
            String(half, radix: 16) + "\r\n" + body.prefix(half) + "\r\n" + String(body.count - half, radix: 16) + "\r\n"
            + body.dropFirst(half) + "\r\n0\r\n\r\n"
        let query = "select%20*%20from%20Customer%20where%20DisplayName%20%3D%20'Chunked+Patient'"
        let raw =
            "POST /v3/company/\(client.realm)/customer?minorversion=75 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(client.accessToken)\r\n"
            + "Content-Type: application/json\r\nAccept: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
            + "GET /v3/company/\(client.realm)/query?query=\(query)&minorversion=75 HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer \(client.accessToken)\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        let answer = try RawHTTP.exchange(port: client.server.port, raw)
        #expect(answer.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(answer.contains("\"Id\": \"1\""))
        #expect(answer.contains("\"QueryResponse\""))
        #expect(answer.contains("\"DisplayName\": \"Chunked Patient\""))
    }

    @Test func stopClosesIdleKeepAliveConnectionsAndManyServersComeAndGo() throws {
        for _ in 0..<5 {
            let server = try SandboxServer(configuration: SandboxConfiguration())
            try server.start()
            let socket = try RawHTTP.connect(port: server.port)
            let started = Date()
            server.stop()
            #expect(Date().timeIntervalSince(started) < 2)
            var byte: UInt8 = 0
            #expect(recv(socket, &byte, 1, 0) <= 0)
            close(socket)
        }
    }
}

/// A bare TCP client, for what URLSession will not send (pipelined, chunked requests).
enum RawHTTP {
    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw TestFailure("connect failed") }
        return fd
    }

    /// Sends `text` and reads until the server closes.
    static func exchange(port: UInt16, _ text: String) throws -> String {
        let fd = try connect(port: port)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65_536, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
