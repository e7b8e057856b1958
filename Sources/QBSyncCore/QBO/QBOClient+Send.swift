import Foundation
import Logging
import QBSyncJSON

/// The send-and-retry loop behind every call.
extension QBOClient {
    /// Fault codes that mean the app has lost its authorization for the company: 3100 (app not
    /// authorized), 120 (the connecting admin was removed), 3200 (token invalid).
    static let authorizationFaultCodes: Set<Int> = [120, 3100, 3200]

    /// What to do after one attempt.
    private enum Next {
        case done(QBOExchange)
        case resend(wait: TimeInterval, problem: String)
        /// Throttled: resend after `wait`, however often (it is the pacer's fault, not the request's).
        case throttled(wait: TimeInterval)
        case refreshAndResend
    }

    /// Sends `call` until it has an answer to return, a reason to wait and resend, or an error.
    func perform(_ call: APICall) async throws -> QBOExchange {
        var sends = 0  // every send, for the exchange and the journal
        var budgetUsed = 0  // sends that count against the retry policy
        var refreshedAfterRejection = false
        while true {
            let token = try await accessToken()
            sends += 1
            budgetUsed += 1
            let request = HTTPRequest(
                method: call.method, url: call.url, headers: headers(for: call, token: token), body: call.body)
            try await pacer.acquire(call.kind)
            let result: Result<HTTPResponse, Error>
            do {
                result = .success(try await transport.send(request))
            } catch {
                result = .failure(error)
            }
            await pacer.release(call.kind)

            let next: Next
            switch result {
            case .success(let response):
                next = try judge(response, call: call, sends: sends, refreshedAfterRejection: refreshedAfterRejection)
            case .failure(let error):
                next = try judgeFailure(error, call: call, sends: sends)
            }
            switch next {
            case .done(let exchange):
                return exchange
            case .refreshAndResend:
                refreshedAfterRejection = true
                budgetUsed -= 1  // the resend after a refresh is owed, not a retry
                _ = try await tokensAfterRejection(of: token)
            case .throttled(let wait):
                budgetUsed -= 1
                await pacer.throttled(for: wait)
                try await clock.sleep(seconds: wait)
            case .resend(let wait, let problem):
                guard budgetUsed < retryPolicy.maxAttempts else {
                    throw QBOClientError.retriesExhausted(operation: call.operation, attempts: sends, lastProblem: problem)
                }
                logger.info(
                    "QuickBooks request will be resent",
                    metadata: ["operation": "\(call.operation)", "problem": "\(problem)", "wait_seconds": "\(Self.rounded(wait))"])
                try await clock.sleep(seconds: wait)
            }
        }
    }

    private func headers(for call: APICall, token: Secret) -> [String: String] {
        var headers = [
            "Accept": "application/json",
            "Authorization": "Bearer \(token.revealed)",
            "User-Agent": "qbsync/\(QBSyncCoreVersion.string)",
        ]
        if !call.body.isEmpty { headers["Content-Type"] = "application/json" }
        return headers
    }

    /// Decides on an HTTP answer.
    private func judge(_ response: HTTPResponse, call: APICall, sends: Int, refreshedAfterRejection: Bool) throws -> Next {
        let tid = response.header("intuit_tid")
        logger.debug(
            "QuickBooks answered",
            metadata: [
                "operation": "\(call.operation)", "status": "\(response.status)", "intuit_tid": "\(tid ?? "-")",
                "attempt": "\(sends)",
            ])
        let status = response.status
        switch status {
        case 200..<300:
            guard let json = try? JSONParser.parse(bytes: response.body) else {
                if call.writes { throw uncertain(call, sends: sends, response: response, reason: "HTTP \(status) with an unreadable body") }
                throw QBOClientError.invalidResponse(
                    operation: call.operation, status: status, reason: "the body is not JSON", intuitTID: tid)
            }
            let answered = json["BatchItemResponse"] != nil || json["QueryResponse"] != nil
            if !answered, let fault = QBOFault.topLevel(in: json) {
                return try refusal(status: status, fault: fault, call: call, tid: tid, refreshedAfterRejection: refreshedAfterRejection)
            }
            logger.info(
                "QuickBooks call done",
                metadata: ["operation": "\(call.operation)", "status": "\(status)", "intuit_tid": "\(tid ?? "-")", "attempts": "\(sends)"])
            return .done(
                QBOExchange(
                    requestID: call.requestID, url: call.url, requestBytes: call.body, status: status,
                    responseBytes: response.body, json: json, intuitTID: tid, attempts: sends))
        case 429:
            // The pacer keeps under QuickBooks's limits, so a 429 is its miscount (or another app
            // using the company's allowance): every request waits what QuickBooks asks, a full
            // minute when it names no time (Intuit sends no Retry-After), and the request is sent
            // again however often it is throttled. Giving up would leave the load half done for
            // a reason that passes by itself.
            let wait = retryPolicy.retryAfter(response.header("retry-after"), now: clock.now()) ?? pacer.limits.minute
            let fault = QBOFault.parse(body: response.body)
            logger.error(
                "QuickBooks throttled the request although it was paced; every request waits before it is sent again",
                metadata: [
                    "operation": "\(call.operation)", "intuit_tid": "\(tid ?? "-")", "fault": "\(fault?.code ?? "-")",
                    "wait_seconds": "\(Self.rounded(wait))",
                ])
            return .throttled(wait: wait)
        case 500...599:
            if call.writes { throw uncertain(call, sends: sends, response: response, reason: "HTTP \(status) after sending") }
            let wait = retryPolicy.retryAfter(response.header("retry-after"), now: clock.now())
            return .resend(wait: wait ?? retryPolicy.backoff(afterAttempt: sends), problem: "HTTP \(status) from QuickBooks")
        default:
            return try refusal(
                status: status, fault: QBOFault.parse(body: response.body), call: call, tid: tid,
                refreshedAfterRejection: refreshedAfterRejection)
        }
    }

    /// Decides on a refusal: a first 401 earns a refresh; lost authorization stops; the rest is refused.
    private func refusal(status: Int, fault: QBOFault?, call: APICall, tid: String?, refreshedAfterRejection: Bool) throws -> Next {
        let fault = fault?.redacting(knownSecrets)
        let authorizationFault = fault?.numericCode.map(Self.authorizationFaultCodes.contains) ?? false
        if status == 401 || authorizationFault || status == 403 {
            if status == 401 && !refreshedAfterRejection {
                logger.info("QuickBooks refused the access token; refreshing once", metadata: ["intuit_tid": "\(tid ?? "-")"])
                return .refreshAndResend
            }
            let what = fault.map { ": \($0)" } ?? ""
            throw QBOClientError.authorizationRequired(
                reason: "QuickBooks refused access to company \(connection.realm) (HTTP \(status)\(what))\(QBOClientError.tidNote(tid))")
        }
        logger.warning(
            "QuickBooks refused the request",
            metadata: ["operation": "\(call.operation)", "status": "\(status)", "intuit_tid": "\(tid ?? "-")", "fault": "\(fault?.code ?? "-")"])
        throw QBOClientError.refused(operation: call.operation, status: status, fault: fault, intuitTID: tid)
    }

    /// Decides on a send that got no HTTP answer.
    private func judgeFailure(_ error: Error, call: APICall, sends: Int) throws -> Next {
        if error is CancellationError {
            guard call.writes else { throw error }
            throw uncertain(call, sends: sends, response: nil, reason: "cancelled while in flight")
        }
        let transportError = error as? HTTPTransportError ?? .answerLost(reason: "\(type(of: error))")
        logger.warning(
            "QuickBooks request got no answer",
            metadata: ["operation": "\(call.operation)", "problem": "\(transportError.reason)", "uncertain": "\(transportError.isUncertain)"])
        switch transportError {
        case .notSent(let reason):
            return .resend(wait: retryPolicy.backoff(afterAttempt: sends), problem: "not sent: \(reason)")
        case .answerLost(let reason):
            if call.writes { throw uncertain(call, sends: sends, response: nil, reason: "no answer after sending: \(reason)") }
            return .resend(wait: retryPolicy.backoff(afterAttempt: sends), problem: "no answer: \(reason)")
        }
    }

    private func uncertain(_ call: APICall, sends: Int, response: HTTPResponse?, reason: String) -> QBOClientError {
        let tid = response?.header("intuit_tid")
        logger.error(
            "QuickBooks outcome uncertain",
            metadata: ["operation": "\(call.operation)", "reason": "\(reason)", "intuit_tid": "\(tid ?? "-")"])
        return .uncertainOutcome(
            QBOUncertainOutcome(
                operation: call.operation, requestID: call.requestID, requestBytes: call.body, status: response?.status,
                responseBytes: response?.body ?? [], intuitTID: tid, attempts: sends, reason: reason))
    }

    private static func rounded(_ seconds: TimeInterval) -> String { String(format: "%.1f", seconds) }
}
