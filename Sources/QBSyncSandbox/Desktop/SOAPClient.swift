import Foundation
import QBSyncXML

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The sandbox Web Connector's side of the wire: SOAP 1.1 calls as QBWC makes them (a
/// `SOAPAction` header, document/literal, parameters in the developer.intuit.com namespace),
/// written and read with QBSyncXML. Kept apart from the service's own codec on purpose: the
/// sandbox checks the service's SOAP, it does not share it.
struct SOAPClient: Sendable {
    /// The service's URL (`http://127.0.0.1:8124/qbwc`).
    let url: URL
    let session: URLSession

    /// What came back from one call.
    enum Result: Equatable {
        case text(String)
        case strings([String])
    }

    /// Why a call gave no answer.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Calls `method` with `parameters` (in WSDL order).
    func call(_ method: String, _ parameters: [(String, String)]) async throws -> Result {
        let namespace = "http://developer.intuit.com/"
        let element = XMLTreeElement(
            method, attributes: [.init("xmlns", namespace)], children: parameters.map { XMLTreeElement.leaf($0.0, $0.1) })
        let envelope = XMLTreeElement(
            "soap:Envelope", attributes: [.init("xmlns:soap", "http://schemas.xmlsoap.org/soap/envelope/")],
            children: [XMLTreeElement("soap:Body", children: [element])])
        var request = URLRequest(url: url, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue("text/xml; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("\"\(namespace)\(method)\"", forHTTPHeaderField: "SOAPAction")
        request.httpBody = Data(XMLTreeWriter.write(XMLTreeDocument(root: envelope)).utf8)
        let (data, response) = try await send(request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard let document = try? XMLTreeReader.read(data: data), Self.local(document.root.name) == "Envelope",
            let body = document.root.children.first(where: { Self.local($0.name) == "Body" }), let answer = body.children.first
        else { throw Failure(description: "\(method): the service's answer (HTTP \(status)) is not a SOAP envelope") }
        if Self.local(answer.name) == "Fault" {
            throw Failure(description: "\(method): SOAP fault \(answer.text(of: "faultcode") ?? "?"): \(answer.text(of: "faultstring") ?? "")")
        }
        guard status == 200, Self.local(answer.name) == method + "Response",
            let result = answer.children.first(where: { Self.local($0.name) == method + "Result" })
        else { throw Failure(description: "\(method): the answer (HTTP \(status)) holds no \(method)Result") }
        return result.children.isEmpty ? .text(result.text) : .strings(result.children.map(\.text))
    }

    /// One exchange, left to finish even when the polling task is cancelled: cancelling an
    /// in-flight URLSession task races FoundationNetworking's task registry on Linux and can
    /// abort the whole process ("Trying to access a behaviour for a task that in not in the
    /// registry"); a call ends by its timeout anyway, and the loop stops at its next sleep.
    private func send(_ request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let data, let response {
                    continuation.resume(returning: (data, response))
                } else {
                    continuation.resume(throwing: error ?? Failure(description: "no answer from \(request.url?.absoluteString ?? "the service")"))
                }
            }.resume()
        }
    }

    private static func local(_ name: String) -> String {
        name.split(separator: ":", maxSplits: 1).last.map(String.init) ?? name
    }
}

extension SOAPClient.Result {
    /// The result as text (an array's first string).
    var text: String {
        switch self {
        case .text(let text): return text
        case .strings(let strings): return strings.first ?? ""
        }
    }
    /// The result as an array of strings.
    var strings: [String] {
        switch self {
        case .text(let text): return [text]
        case .strings(let strings): return strings
        }
    }
}
