import Foundation
import Testing
@testable import QBSyncCore

struct RequestPacerTests {
    @Test func theEleventhRequestInASecondWaitsForTheWindowToMove() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        var startTimes: [TimeInterval] = []
        for _ in 0..<11 {
            try await pacer.acquire(.single)
            startTimes.append(clock.now().timeIntervalSince(start))
            await pacer.release()
        }
        #expect(startTimes.prefix(10).allSatisfy { $0 == 0 })
        #expect(startTimes[10] == 1)
    }

    @Test func theFortyFirstBatchInAMinuteWaitsUntilTheFirstIsAMinuteOld() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0.25), clock: clock)
        var startTimes: [TimeInterval] = []
        for _ in 0..<41 {
            try await pacer.acquire(.batch)
            startTimes.append(clock.now().timeIntervalSince(start))
            await pacer.release()
        }
        // 10 a second: the first 40 take four seconds; the 41st waits for the minute window.
        #expect(startTimes[39] < 5)
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
            await pacer.release()
        }
        // Ten a tenth of a second, forty a six-second minute.
        #expect(startTimes[9] == 0)
        #expect(abs(startTimes[10] - 0.1) < 1e-6)
        #expect(startTimes[40] >= 6)
    }

    @Test func queriesDoNotUseUpTheBatchAllowance() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let pacer = RequestPacer(limits: .init(margin: 0), clock: clock)
        for _ in 0..<50 {
            try await pacer.acquire(.single)
            await pacer.release()
        }
        clock.advance(2)  // out of the one-second window, still inside the minute
        let beforeBatch = clock.now()
        try await pacer.acquire(.batch)
        await pacer.release()
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
        await pacer.release()
        try await fourth.value
        #expect(await pacer.requestsInFlight == 3)
    }
}
