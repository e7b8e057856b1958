import Foundation
@testable import QBSyncCore

/// A clock that never waits: `sleep` moves time forward at once and records the wait.
final class FakeClock: QBOClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var waits: [TimeInterval] = []

    init(start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = start }

    func now() -> Date { lock.withLock { current } }

    func sleep(seconds: TimeInterval) async throws {
        try Task.checkCancellation()
        lock.withLock {
            waits.append(seconds)
            current = current.addingTimeInterval(max(0, seconds))
        }
        await Task.yield()
    }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    var sleeps: [TimeInterval] { lock.withLock { waits } }
}
