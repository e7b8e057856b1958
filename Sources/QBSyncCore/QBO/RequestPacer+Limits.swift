import Foundation

extension RequestPacer {
    /// The limits a pacer keeps under.
    public struct Limits: Sendable, Equatable {
        /// Requests of any kind a minute.
        public var requestsPerMinute: Int
        /// Requests of any kind a second.
        public var requestsPerSecond: Int
        /// Batch requests a minute.
        public var batchRequestsPerMinute: Int
        /// Requests in flight at once.
        public var maxConcurrent: Int
        /// Seconds added to each window for the difference between our clock's rate and
        /// QuickBooks's (the time on the way is already covered: a request counts until answered).
        public var margin: TimeInterval
        /// The length of a minute in seconds (60; a benchmark against a sandbox with a shortened
        /// minute shortens it alike). A second is a sixtieth of it.
        public var minute: TimeInterval

        /// Limits; the defaults are QuickBooks Online's published ones (500/min, 10/s, 40 batch/min,
        /// 10 concurrent, per company).
        public init(
            requestsPerMinute: Int = 500, requestsPerSecond: Int = 10, batchRequestsPerMinute: Int = 40,
            maxConcurrent: Int = 10, margin: TimeInterval = 0.25, minute: TimeInterval = 60
        ) {
            self.requestsPerMinute = max(1, requestsPerMinute)
            self.requestsPerSecond = max(1, requestsPerSecond)
            self.batchRequestsPerMinute = max(1, batchRequestsPerMinute)
            self.maxConcurrent = max(1, maxConcurrent)
            self.margin = max(0, margin)
            self.minute = minute > 0 ? minute : 60
        }

        /// QuickBooks Online's limits.
        public static let quickBooks = Limits()
    }
}
