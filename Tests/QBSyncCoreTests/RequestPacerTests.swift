import Foundation
import Testing
@testable import QBSyncCore

struct RequestPacerTests {
    @Test func requestsAreSpreadOverTheSecondAndTheEleventhWaitsForTheFirstAnswerToBeASecondOld() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        var startTimes: [TimeInterval] = []
        for _ in 0..<11 {
            try await pacer.acquire(.single)
            startTimes.append(clock.now().timeIntervalSince(start))
            await pacer.release(.single)
        }
        for (index, time) in startTimes.enumerated() { #expect(abs(time - 0.1 * Double(index)) < 1e-6, "start \(index) at \(time)") }
    }

    @Test func aRequestCountsUntilItsAnswerCameNotOnlyFromItsStart() async throws {
        // QuickBooks counts a request when it arrives, which may be as late as just before its
        // answer: a slow request keeps its place in the window until then.
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(requestsPerSecond: 1, margin: 0), clock: clock)
        try await pacer.acquire(.single)
        clock.advance(0.8)
        await pacer.release(.single)
        try await pacer.acquire(.single)
        #expect(clock.now().timeIntervalSince(start) >= 1.8 - 1e-6)
        await pacer.release(.single)
    }

    @Test func aRestartedPacerCountsTheBatchesTheDeadProcessSentInTheLastMinute() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        // Forty batches answered over the last ten seconds, and one from two minutes ago.
        let earlier = (0..<40).map { start.addingTimeInterval(-10 + Double($0) * 0.25) } + [start.addingTimeInterval(-120)]
        await pacer.remember(finishedAt: earlier)
        try await pacer.acquire(.batch)
        // The first of the forty (ten seconds ago) must be a minute old first.
        #expect(abs(clock.now().timeIntervalSince(start) - 50) < 1e-6)
        await pacer.release(.batch)
    }

    @Test func aThrottleHoldsEveryRequestForTheWholeWaitQuickBooksAskedFor() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        await pacer.throttled(for: 60)
        try await pacer.acquire(.single)
        #expect(clock.now().timeIntervalSince(start) == 60)
        await pacer.release(.single)
    }

    @Test func theFortyFirstBatchInAMinuteWaitsUntilTheFirstIsAMinuteOld() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0.25), clock: clock)
        var startTimes: [TimeInterval] = []
        for _ in 0..<41 {
            try await pacer.acquire(.batch)
            startTimes.append(clock.now().timeIntervalSince(start))
            await pacer.release(.batch)
        }
        // Spread over the minute, one every 1.5 s, not forty in four seconds; the 41st waits for
        // the minute window (and its margin) to leave the first behind.
        for index in 1..<41 { #expect(startTimes[index] - startTimes[index - 1] >= 1.5 - 1e-9) }
        #expect(startTimes[39] < 60)
        #expect(startTimes[40] >= 60.25)
        // Any 60.25 s window holds at most 40 batch starts.
        for (index, time) in startTimes.enumerated() {
            #expect(startTimes[index...].filter { $0 < time + 60.25 }.count <= 40)
        }
    }

    @Test func aShortenedMinuteShortensEveryWindowAlike() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0, minute: 6), clock: clock)
        var startTimes: [TimeInterval] = []
        for _ in 0..<41 {
            try await pacer.acquire(.batch)
            startTimes.append(clock.now().timeIntervalSince(start))
            await pacer.release(.batch)
        }
        // A batch every 0.15 s (a six-second minute over forty), forty a six-second minute.
        #expect(abs(startTimes[1] - 0.15) < 1e-6)
        #expect(abs(startTimes[39] - 5.85) < 1e-6)
        #expect(startTimes[40] >= 6)
    }

    @Test func queriesDoNotUseUpTheBatchAllowance() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        for _ in 0..<50 {
            try await pacer.acquire(.single)
            await pacer.release(.single)
        }
        clock.advance(2)  // out of the one-second window, still inside the minute
        let beforeBatch = clock.now()
        try await pacer.acquire(.batch)
        await pacer.release(.batch)
        #expect(clock.now() == beforeBatch)
        #expect(beforeBatch.timeIntervalSince(start) < 8)
    }

    @Test func noMoreThanTheConcurrencyLimitIsInFlightAtOnce() async throws {
        let clock = FakeClock()
        let pacer = RequestPacer(
            limits: .init(requestsPerMinute: 1000, requestsPerSecond: 1000, maxConcurrent: 3, margin: 0), clock: clock)
        for _ in 0..<3 { try await pacer.acquire(.single) }
        let fourth = Task { try await pacer.acquire(.single) }
        for _ in 0..<20 { await Task.yield() }
        #expect(await pacer.requestsInFlight == 3)
        await pacer.release(.single)
        try await fourth.value
        #expect(await pacer.requestsInFlight == 3)
    }
}
