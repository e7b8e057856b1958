import Foundation
import Testing
@testable import QBSyncCore

struct RetryPolicyTests {
    @Test func backoffDoublesWithJitterAndStopsAtTheCap() {
        let low = RetryPolicy(backoffBase: 5, backoffCap: 60, random: { 0 })
        let high = RetryPolicy(backoffBase: 5, backoffCap: 60, random: { 0.999_999 })
        #expect((1...6).map { low.backoff(afterAttempt: $0) } == [2.5, 5, 10, 20, 30, 30])
        #expect(abs(high.backoff(afterAttempt: 3) - 20) < 0.001)
        #expect(high.backoff(afterAttempt: 40) <= 60)
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDateIsHonouredAndCapped() {
        let policy = RetryPolicy(retryAfterCap: 300)
        let now = Date(timeIntervalSince1970: 1_750_000_000)  // Sun, 15 Jun 2025 15:06:40 GMT
        #expect(policy.retryAfter("7", now: now) == 7)
        #expect(policy.retryAfter(" 1.5 ", now: now) == 1.5)
        #expect(policy.retryAfter("86400", now: now) == 300)
        #expect(policy.retryAfter("Sun, 15 Jun 2025 15:07:10 GMT", now: now) == 30)
        #expect(policy.retryAfter(nil, now: now) == nil)
        #expect(policy.retryAfter("soon", now: now) == nil)
    }
}
