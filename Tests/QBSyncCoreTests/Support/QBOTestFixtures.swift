import Foundation
import QBSyncJSON
@testable import QBSyncCore

/// Values shared by the QuickBooks client tests. The secrets are long and distinctive so that a
/// leak is found by a plain substring search.
enum QBOTestFixtures {
    static let baseURL = URL(string: "https://qbo.test.example")!
    static let tokenURL = URL(string: "https://oauth.test.example/oauth2/v1/tokens/bearer")!
    static let authorizeURL = URL(string: "https://appcenter.test.example/connect/oauth2")!
    static let realm = "9130350000000001"
    static let clientSecret = "CLIENT-SECRET-sk9f8s7d6f5g4h3j2k1"
    static let seedRefresh = "SEED-REFRESH-AB12cd34EF56gh78"

    static func connection() throws -> QBOConnection {
        try QBOConnection(
            baseURL: baseURL, tokenURL: tokenURL, authorizeURL: authorizeURL, realm: realm, clientID: "client-id-123",
            clientSecret: Secret(clientSecret))
    }

    /// A token endpoint answer granting `access` and `refresh`.
    static func grant(access: String, refresh: String, expiresIn: Int = 3600) -> HTTPResponse {
        let body: JSONValue = [
            "access_token": .string(access), "refresh_token": .string(refresh), "expires_in": .int(expiresIn),
            "x_refresh_token_expires_in": 8_640_000, "token_type": "bearer",
        ]
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: JSONWriter.prettyData(body))
    }

    /// A JSON answer with an `intuit_tid`.
    static func json(_ value: JSONValue, status: Int = 200, tid: String = "tid-1", headers: [String: String] = [:]) -> HTTPResponse {
        var all = headers
        all["intuit_tid"] = tid
        all["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: all, body: JSONWriter.prettyData(value))
    }

    /// A batch answer with one created customer for `b1`.
    static let batchAnswer: JSONValue = [
        "BatchItemResponse": [["bId": "b1", "Customer": ["Id": "58", "SyncToken": "0", "DisplayName": "Patient K7QM-2XH4"]]],
        "time": "2025-06-15T10:00:00.000-07:00",
    ]

    /// A one-item batch request.
    static let batchBody: JSONValue = [
        "BatchItemRequest": [["bId": "b1", "operation": "create", "Customer": ["DisplayName": "Patient K7QM-2XH4"]]]
    ]

    /// The request id of a recorded batch request.
    static func requestID(of request: HTTPRequest) -> String? {
        URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "requestid" }?.value
    }

    /// The bearer token of a recorded request.
    static func bearer(of request: HTTPRequest) -> String? {
        request.header("Authorization").map { String($0.dropFirst("Bearer ".count)) }
    }

    /// A retry policy with fixed jitter, so waits are exact.
    static func policy(maxAttempts: Int = 4) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, backoffBase: 2, backoffCap: 60, random: { 0.5 })
    }
}

extension QBOTestFixtures {
    /// A 429 answer in JSON, as the API gateway sends it.
    static func throttledJSON(retryAfter: String? = nil) -> HTTPResponse {
        let fault: JSONValue = [
            "Fault": [
                "Error": [["Message": "message=ThrottleExceeded; errorCode=003001; statusCode=429", "Detail": "Too many requests", "code": "3001"]],
                "type": "SERVICE",
            ]
        ]
        var headers = ["intuit_tid": "tid-throttled"]
        if let retryAfter { headers["Retry-After"] = retryAfter }
        return json(fault, status: 429, tid: "tid-throttled", headers: headers)
    }

    /// A 429 answer in XML, which QuickBooks sends even when JSON was asked for.
    static let throttledXML = HTTPResponse(
        status: 429, headers: ["Content-Type": "application/xml", "intuit_tid": "tid-xml"],
        body: Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2025-06-15T10:00:00.000-07:00"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>
            """.utf8))

    /// A 401 from the auth gateway (lower-case keys).
    static func unauthorized(detail: String = "Token expired") -> HTTPResponse {
        json(
            ["fault": ["error": [["message": "message=AuthenticationFailed; errorCode=003200; statusCode=401", "detail": .string(detail), "code": "3200"]], "type": "AUTHENTICATION"]],
            status: 401, tid: "tid-401")
    }
}
