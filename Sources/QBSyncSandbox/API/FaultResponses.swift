import Foundation
import QBSyncJSON

/// The whole-request refusals, worded as Intuit's gateway and API word them. The auth gateway
/// answers with lower-case keys (`fault.error[].code`); the API with `Fault.Error[].code`.
enum FaultResponses {
    /// 401 with code 3200: no, an unknown or an expired access token.
    static func unauthorized() -> HTTPResponse {
        .json(
            401,
            [
                "fault": [
                    "error": [
                        [
                            "message": "message=AuthenticationFailed; errorCode=003200; statusCode=401",
                            "detail": "Token expired", "code": "3200",
                        ]
                    ],
                    "type": "AUTHENTICATION",
                ]
            ])
    }

    /// 403 with code 3100: the token is not for this company.
    static func forbidden(realm: String) -> HTTPResponse {
        .json(
            403,
            [
                "fault": [
                    "error": [
                        [
                            "message": "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
                            "detail": .string("The application is not authorized for company \(realm)."), "code": "3100",
                        ]
                    ],
                    "type": "AUTHORIZATION",
                ]
            ])
    }

    /// 429 with code 3001. QuickBooks may answer it in XML even to a JSON client; the sandbox
    /// does so whenever the request did not ask for JSON, so clients learn to read both.
    /// `retryAfter` adds a `Retry-After` header (Intuit sends none; the fault injector may).
    static func throttled(_ request: HTTPRequest, time: Date, retryAfter: Double? = nil) -> HTTPResponse {
        var response = throttledBody(request, time: time)
        if let retryAfter { response.setHeader("Retry-After", Self.seconds(retryAfter)) }
        return response
    }

    /// 503 before anything was applied, as Intuit's gateway answers when a service is down.
    static func unavailable(time: Date) -> HTTPResponse {
        .json(
            503,
            [
                "Fault": [
                    "Error": [
                        [
                            "Message": "message=ServiceUnavailable; errorCode=003003; statusCode=503",
                            "Detail": "The service is temporarily unavailable. Try again later.", "code": "3003",
                        ]
                    ],
                    "type": "SERVICE",
                ],
                "time": .string(Timestamp.response(time)),
            ])
    }

    /// Whole seconds as an integer, a fraction (a scaled-down minute) as a decimal.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private static func throttledBody(_ request: HTTPRequest, time: Date) -> HTTPResponse {
        let message = "message=ThrottleExceeded; errorCode=003001; statusCode=429"
        let detail = "The request limit was reached. Wait 60 seconds and try again."
        if request.header("accept")?.lowercased().contains("json") == true {
            return .json(
                429,
                [
                    "Fault": [
                        "Error": [["Message": .string(message), "Detail": .string(detail), "code": "3001"]],
                        "type": "SERVICE",
                    ],
                    "time": .string(Timestamp.response(time)),
                ])
        }
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="\(Timestamp.response(time))">\
            <Fault type="SERVICE"><Error code="3001"><Message>\(message)</Message><Detail>\(detail)</Detail>\
            </Error></Fault></IntuitResponse>
            """
        return HTTPResponse(status: 429, headers: [("Content-Type", "application/xml")], body: Array(xml.utf8))
    }

    /// A validation or request fault as a whole answer (`{"Fault":{...},"time":...}`).
    static func fault(_ fault: QBOFault, time: Date) -> HTTPResponse {
        .json(fault.status, ["Fault": fault.json, "time": .string(Timestamp.response(time))])
    }
}
