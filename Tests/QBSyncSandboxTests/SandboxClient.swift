import Foundation
import QBSyncJSON
import QBSyncSandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP answer as a test sees it.
struct Answer {
    var status: Int
    var headers: [String: String]
    var body: Data

    var json: JSONValue { (try? JSONParser.parse(bytes: Array(body))) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first fault code, in either casing Intuit uses.
    var faultCode: String? {
        json["Fault"]?["Error"]?.arrayValue?.first?["code"]?.stringValue
            ?? json["fault"]?["error"]?.arrayValue?.first?["code"]?.stringValue
    }
}

/// A sandbox on an ephemeral port plus a client that talks to it over real HTTP (URLSession),
/// logged in with the seed refresh token. Each test makes its own and stops it.
final class SandboxClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let server: SandboxServer
    let realm: String
    var accessToken = ""
    /// The refresh token the last `connected()` login left (the seed one is used up by then).
    var refreshToken = ""
    private var session: URLSession!

    init(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        var configuration = SandboxConfiguration()
        configuration.limits = .unlimited
        configure(&configuration)
        server = try SandboxServer(configuration: configuration)
        realm = configuration.realm
        super.init()
        session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        try server.start()
    }

    /// Starts a client already holding an access token.
    static func connected(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> SandboxClient {
        let client = try SandboxClient(configure)
        let answer = try await client.refresh(client.server.configuration.seedRefreshToken)
        client.accessToken = answer.json["access_token"]?.stringValue ?? ""
        client.refreshToken = answer.json["refresh_token"]?.stringValue ?? ""
        return client
    }

    func stop() {
        session.invalidateAndCancel()
        server.stop()
    }

    /// Redirects are the test's to look at, not to follow.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                let http = response as! HTTPURLResponse
                var headers: [String: String] = [:]
                for (name, value) in http.allHeaderFields { headers[String(describing: name).lowercased()] = String(describing: value) }
                continuation.resume(returning: Answer(status: http.statusCode, headers: headers, body: data ?? Data()))
            }.resume()
        }
    }

    func refresh(_ refreshToken: String) async throws -> Answer {
        let basic = Data("\(server.configuration.clientID):\(server.configuration.clientSecret)".utf8).base64EncodedString()
        return try await send(
            "POST", server.tokenURL,
            headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Data("grant_type=refresh_token&refresh_token=\(refreshToken)".utf8))
    }

    /// `{base}/v3/company/{realm}/{path}` with `minorversion=75` added.
    func apiURL(_ path: String) -> String {
        "\(server.baseURL)/v3/company/\(realm)/\(path)\(path.contains("?") ? "&" : "?")minorversion=75"
    }

    func api(_ method: String, _ path: String, json: JSONValue? = nil, text: String? = nil, accept: String = "application/json") async throws -> Answer {
        var headers = ["Authorization": "Bearer \(accessToken)", "Accept": accept]
        var body: Data?
        if let json {
            headers["Content-Type"] = "application/json"
            body = Data(JSONWriter.pretty(json).utf8)
        } else if let text {
            headers["Content-Type"] = "application/text"
            body = Data(text.utf8)
        }
        return try await send(method, apiURL(path), headers: headers, body: body)
    }

    /// Posts a batch; returns the raw answer and the items by bId.
    func batch(_ items: [JSONValue], requestID: String? = nil) async throws -> (Answer, [String: JSONValue]) {
        let path = requestID.map { "batch?requestid=\($0)" } ?? "batch"
        let answer = try await api("POST", path, json: ["BatchItemRequest": .array(items)])
        var byId: [String: JSONValue] = [:]
        for item in answer.json["BatchItemResponse"]?.arrayValue ?? [] { byId[item["bId"]?.stringValue ?? ""] = item }
        return (answer, byId)
    }

    /// Creates one object through the entity endpoint and returns it (or fails the test).
    func create(_ entity: String, _ body: JSONValue) async throws -> JSONValue {
        let answer = try await api("POST", entity.lowercased(), json: body)
        guard answer.status == 200, let object = answer.json[entity] else {
            throw TestFailure("creating \(entity) failed: \(answer.status) \(answer.text)")
        }
        return object
    }

    func query(_ text: String) async throws -> Answer {
        try await api("GET", "query?query=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
    }

    /// The id of a seeded account, by name.
    func accountId(_ name: String) -> String {
        server.objects("Account").first { $0["Name"]?.stringValue == name }!["Id"]!.stringValue!
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Builders for the documents the tests send.
enum Documents {
    static func customer(_ name: String) -> JSONValue { ["DisplayName": .string(name)] }

    static func ref(_ id: String) -> JSONValue { ["value": .string(id)] }

    static func line(item: String = "1", amount: String, qty: String? = nil, price: String? = nil) -> JSONValue {
        var detail: JSONValue = ["ItemRef": ref(item), "TaxCodeRef": ["value": "NON"]]
        if let qty { detail["Qty"] = .number(qty) }
        if let price { detail["UnitPrice"] = .number(price) }
        return ["DetailType": "SalesItemLineDetail", "Amount": .number(amount), "SalesItemLineDetail": detail]
    }

    static func invoice(customer: String, docNumber: String? = nil, lines: [JSONValue]) -> JSONValue {
        var invoice: JSONValue = ["CustomerRef": ref(customer), "Line": .array(lines)]
        if let docNumber { invoice["DocNumber"] = .string(docNumber) }
        return invoice
    }

    static func payment(customer: String, total: String, links: [(String, String, String)]) -> JSONValue {
        let lines: [JSONValue] = links.map { id, type, amount in
            ["Amount": .number(amount), "LinkedTxn": [["TxnId": .string(id), "TxnType": .string(type)]]]
        }
        return ["CustomerRef": ref(customer), "TotalAmt": .number(total), "Line": .array(lines)]
    }
}
