import Foundation
import QBSyncJSON

/// The append-only record of every request the sandbox answered (`<data>/requests.log`, one
/// compact JSON object a line): time, method, path, requestid, status, `intuit_tid`, and both
/// bodies (as JSON when they parse). OAuth bodies are left out: they carry secrets and tokens.
final class RequestLog: @unchecked Sendable {
    private let file: URL?

    /// A log in `folder`, or none when the sandbox keeps nothing on disk.
    init(folder: URL?) {
        file = folder?.appendingPathComponent("requests.log")
    }

    /// Records one answered request.
    func record(_ request: HTTPRequest, _ response: HTTPResponse, at time: Date) {
        guard let file else { return }
        let isOAuth = request.path.hasPrefix("/oauth2") || request.path.hasPrefix("/connect")
        var entry: JSONValue = [
            "time": .string(Timestamp.response(time)),
            "method": .string(request.method),
            "path": .string(request.path),
            "status": .int(response.status),
        ]
        if let requestID = request.query["requestid"] { entry["requestid"] = .string(requestID) }
        if let tid = response.header("intuit_tid") { entry["intuit_tid"] = .string(tid) }
        if response.dropWithoutAnswer { entry["dropped"] = true }
        if let query = request.query["query"] { entry["query"] = .string(query) }
        if !isOAuth {
            if !request.body.isEmpty { entry["request"] = Self.body(request.body) }
            if !response.body.isEmpty { entry["response"] = Self.body(response.body) }
        }
        AppendOnlyFile.append(JSONWriter.compact(entry) + "\n", to: file)
    }

    private static func body(_ bytes: [UInt8]) -> JSONValue {
        (try? JSONParser.parse(bytes: bytes)) ?? .string(String(decoding: bytes, as: UTF8.self))
    }
}
