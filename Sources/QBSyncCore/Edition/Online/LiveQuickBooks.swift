import Foundation
import Logging
import QBSyncJSON

/// The live `QuickBooksAPI`: the QuickBooks client (tokens, pacing, throttling) over HTTP, built
/// from the pipeline's settings, with its errors sorted into what the load does next.
public struct LiveQuickBooks: QuickBooksAPI {
    let client: QBOClient

    /// A client for the pipeline's company, paced to its `[quickbooks]` limits (or `limits`);
    /// throws when a connection setting is missing or unsafe.
    public static func api(
        settings: PipelineSettings, logger: Logger, transport: any HTTPTransport = URLSessionTransport(),
        limits: RequestPacer.Limits? = nil
    ) throws -> LiveQuickBooks {
        let qbo = settings.quickbooks
        guard let base = URL(string: qbo.baseURL), let token = URL(string: qbo.tokenURL), let authorize = URL(string: qbo.authorizeURL)
        else { throw QBOConnectionError.invalid(setting: "QuickBooks URLs", reason: "not valid URLs") }
        let connection = try QBOConnection(
            baseURL: base, tokenURL: token, authorizeURL: authorize, realm: qbo.realm ?? "", clientID: qbo.clientID ?? "",
            clientSecret: Secret(qbo.clientSecret ?? ""), minorVersion: qbo.minorVersion)
        let client = QBOClient(
            connection: connection, transport: transport, tokenStore: TokenStore(workspace: settings.workspace, logger: logger),
            seedRefreshToken: qbo.seedRefreshToken.map { Secret($0) }, logger: logger,
            pacer: RequestPacer(limits: limits ?? qbo.limits))
        return LiveQuickBooks(client: client)
    }

    public func batch(_ body: JSONValue, requestID: String) async throws -> BatchExchange {
        do {
            let exchange = try await client.batch(body, requestID: requestID)
            return BatchExchange(
                requestBytes: exchange.requestBytes, status: exchange.status, responseBytes: exchange.responseBytes,
                response: exchange.json, intuitTID: exchange.intuitTID)
        } catch let error as QBOClientError {
            throw Self.failure(error)
        }
    }

    public func query(_ statement: String) async throws -> [JSONValue] {
        do {
            return try await client.query(statement)
        } catch let error as QBOClientError {
            throw Self.failure(error)
        }
    }

    public func rememberRecentBatches(finishedAt times: [Date]) async {
        await client.pacer.remember(finishedAt: times)
    }

    static func failure(_ error: QBOClientError) -> Error {
        let reason = error.errorDescription ?? "\(error)"
        switch error.disposition {
        case .uncertain: return QuickBooksAPIFailure.uncertain(reason)
        // The bare reason: the load's own message says "login needed" and what to run, once.
        case .authorizationNeeded: return QuickBooksAPIFailure.authorizationNeeded(error.loginReason ?? reason)
        case .retryLater: return QuickBooksAPIFailure.gaveUp(reason)
        case .rejected:
            if case .refused(_, let status, let fault, _) = error {
                return QuickBooksAPIFailure.refused(status: status, code: fault?.code, message: fault?.message ?? reason)
            }
            return QuickBooksAPIFailure.refused(status: 400, code: nil, message: reason)
        case .fatal: return error
        }
    }
}
