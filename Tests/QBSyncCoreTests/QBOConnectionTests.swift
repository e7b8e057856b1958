import Foundation
import Testing
@testable import QBSyncCore

struct QBOConnectionTests {
    private func connection(base: String) throws -> QBOConnection {
        try QBOConnection(
            baseURL: URL(string: base)!, tokenURL: URL(string: "https://oauth.example/token")!, authorizeURL: URL(string: "https://auth.example/connect")!,
            realm: "123", clientID: "id", clientSecret: "secret")
    }

    @Test(arguments: [
        "http://127.0.0.1:8080", "http://127.4.5.6", "http://localhost:9000", "http://LOCALHOST", "http://[::1]:8080",
        "http://[0:0:0:0:0:0:0:1]", "http://[::ffff:127.0.0.1]:80", "https://quickbooks.api.intuit.com",
        "https://10.0.0.5",
    ])
    func httpsAnywhereAndHttpToLoopbackAreAccepted(base: String) throws {
        _ = try connection(base: base)
    }

    @Test(arguments: [
        "http://quickbooks.api.intuit.com", "http://10.0.0.1:8080", "http://192.168.1.20", "http://127.evil.example",
        "http://localhost.evil.example", "http://[::2]", "http://128.0.0.1", "http://0.0.0.0",
    ])
    func plainHttpToAnyOtherHostIsRefusedWithAClearError(base: String) {
        let error = #expect(throws: QBOConnectionError.self) { try connection(base: base) }
        guard case .insecureEndpoint(let setting, _)? = error else {
            Issue.record("expected insecureEndpoint, got \(String(describing: error))")
            return
        }
        #expect(setting.contains("QBSYNC_QBO_BASE_URL"))
        #expect(error?.errorDescription?.contains("plain http://") == true)
        #expect(error?.errorDescription?.contains("https://") == true)
    }

    @Test func aPlainHttpTokenURLIsRefusedToo() {
        #expect(throws: QBOConnectionError.self) {
            try QBOConnection(
                tokenURL: URL(string: "http://oauth.example.com/token")!, realm: "1", clientID: "id", clientSecret: "s")
        }
    }

    @Test func aMissingRealmOrClientSecretIsNamed() {
        let noRealm = #expect(throws: QBOConnectionError.self) {
            try QBOConnection(realm: " ", clientID: "id", clientSecret: "s")
        }
        #expect(noRealm == .missing(setting: "company (realm) id (QBSYNC_QBO_REALM)"))
        let noSecret = #expect(throws: QBOConnectionError.self) {
            try QBOConnection(realm: "1", clientID: "id", clientSecret: "")
        }
        #expect(noSecret?.errorDescription?.contains("QBSYNC_CLIENT_SECRET") == true)
    }

    @Test func endpointsCarryTheRealmTheMinorVersionAndAPercentEncodedQuery() throws {
        let connection = try connection(base: "https://qbo.example/")
        #expect(
            connection.batchURL(requestID: "run1-b001").absoluteString
                == "https://qbo.example/v3/company/123/batch?minorversion=75&requestid=run1-b001")
        #expect(
            connection.queryURL(statement: "select * from Invoice where DocNumber = 'A&B+1'").absoluteString
                == "https://qbo.example/v3/company/123/query?query=select%20%2A%20from%20Invoice%20where%20DocNumber%20%3D%20%27A%26B%2B1%27&minorversion=75")
        #expect(
            connection.readURL(entity: "Customer", id: "58").absoluteString
                == "https://qbo.example/v3/company/123/customer/58?minorversion=75")
    }

    @Test func theClientSecretNeverShowsInADescriptionOrDump() throws {
        let secret = "CLIENT-SECRET-sk9f8s7d6f5g4h3j2k1"
        let connection = try QBOConnection(realm: "1", clientID: "id", clientSecret: Secret(secret))
        var dumped = ""
        dump(connection, to: &dumped)
        for text in [String(describing: connection), String(reflecting: connection), dumped, "\(connection.clientSecret)"] {
            #expect(!text.contains(secret))
        }
        #expect(connection.clientSecret.revealed == secret)
    }
}
