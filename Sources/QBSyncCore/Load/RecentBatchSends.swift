import Foundation
import QBSyncJSON

/// When the batch requests a journal records ended, read back by a restarted load so its pacing
/// starts where the dead process left QuickBooks's count, not at zero.
///
/// A send ended at the event that followed its intent (the answer, the uncertain outcome, the
/// refusal). An intent with nothing after it is a process that died with the request in
/// flight: QuickBooks may have counted it any time up to now, so it counts as ending now.
enum RecentBatchSends {
    /// Intents older than this with no end are ignored: no send outlives the client's timeout
    /// and a minute of pacing, and QuickBooks's longest window is a minute.
    static let horizon: TimeInterval = 10 * 60

    /// The end of every batch send in `events`, in journal order; `now` for one still in flight.
    static func endTimes(in events: [JSONValue], now: Date = Date()) -> [Date] {
        var open: [(request: String, at: Date)] = []
        var ends: [Date] = []
        for event in events {
            guard let request = event["request_id"]?.stringValue, let at = event["at_ms"]?.intValue.map(date) else { continue }
            switch event["event"]?.stringValue {
            case "intent":
                open.append((request, at))
            case "answer", "uncertain", "not-applied":
                guard let index = open.firstIndex(where: { $0.request == request }) else { continue }
                open.remove(at: index)
                ends.append(at)
            default:
                break
            }
        }
        ends += open.filter { now.timeIntervalSince($0.at) < horizon }.map { _ in now }
        return ends
    }

    private static func date(_ milliseconds: Int) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
