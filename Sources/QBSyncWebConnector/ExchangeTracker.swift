import Foundation

/// Counts the exchanges in hand so a stopping server can let each one finish (the Web Connector
/// gets its answer, the work has journaled it) before the connections close.
final class ExchangeTracker: @unchecked Sendable {
    private let condition = NSCondition()
    private var inHand = 0
    private var stopping = false

    /// Starts an exchange; false once the server is stopping.
    func begin() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        inHand += 1
        return true
    }

    /// Ends one.
    func end() {
        condition.lock()
        inHand -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Refuses new exchanges and waits until those in hand are done (at most `timeout` seconds).
    func stopAndWait(timeout: TimeInterval) {
        condition.lock()
        stopping = true
        let deadline = Date().addingTimeInterval(timeout)
        while inHand > 0, condition.wait(until: deadline) {}
        condition.unlock()
    }
}
